using ServiceQueue.Consumer.Model;

namespace ServiceQueue.Consumer.Intake;

/// <summary>Either a request to enqueue or a rejection, with whatever identity could be read for the event (the branch: its routing key's, when that is known and not contradicted).</summary>
internal sealed record RequestOutcome(ValidatedRequest? Request, Rejection? Rejection, string? RequestId, string? Queue, string? Branch = null);
