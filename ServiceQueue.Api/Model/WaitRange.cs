namespace ServiceQueue.Api.Model;

/// <summary>A wait estimate as a customer sees it, in whole seconds: the optimistic and the expected wait.</summary>
public sealed record WaitRange(int MinSeconds, int MaxSeconds);
