namespace ServiceQueue.Api.Model;

/// <summary>The time paused for one reason.</summary>
public sealed record PausedReasonSeconds(string Reason, long Seconds);
