using ServiceQueue.Consumer.Model;

namespace ServiceQueue.Consumer.Intake;

/// <summary>Either a request to enqueue or a rejection, with whatever identity could be read for the event.</summary>
internal sealed record RequestOutcome(ValidatedRequest? Request, Rejection? Rejection, string? RequestId, string? Queue);
