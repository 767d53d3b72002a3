namespace ServiceQueue.Broker.Model;

/// <summary>A queue's counts, and <paramref name="Estimate"/>: what a normal ticket taken now would be quoted.</summary>
internal sealed record QueueSummary(QueueDefinition Definition, int Waiting, int Active, int Parked, WaitEstimate? Estimate = null);
