namespace ServiceQueue.Broker.Model;

/// <summary>Recent average (and fastest) service time x tickets ahead / attendants active.</summary>
internal sealed record WaitEstimate(TimeSpan Expected, TimeSpan Optimistic, int TicketsAhead);
