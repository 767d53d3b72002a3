namespace ServiceQueue.Realtime.Model;

/// <summary>An estimated wait in whole seconds, for people.</summary>
internal sealed record WaitEstimateView(double ExpectedSeconds, double OptimisticSeconds, int TicketsAhead);
