namespace ServiceQueue.Realtime.Model;

/// <summary>The <c>NowCalling</c> message of <c>/hubs/display</c>: never personal data.</summary>
internal sealed record NowCalling(string Queue, string Branch, string Number, string? Desk, DateTimeOffset? CalledAt);
