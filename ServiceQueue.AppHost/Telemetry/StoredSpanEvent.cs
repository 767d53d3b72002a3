namespace ServiceQueue.AppHost.Telemetry;

/// <summary>A point in time within a span (an exception, a message sent).</summary>
internal sealed record StoredSpanEvent(string Name, long TimeUnixNano, IReadOnlyDictionary<string, string> Attributes);
