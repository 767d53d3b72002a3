namespace ServiceQueue.Broker.Model;

/// <summary>The ticket, its place (0 once no longer waiting), its estimate, and whether the request id was already known.</summary>
internal sealed record EnqueueResult(Ticket Ticket, int Position, WaitEstimate? Estimate, bool Existing);
