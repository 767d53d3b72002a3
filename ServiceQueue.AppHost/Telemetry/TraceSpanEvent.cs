namespace ServiceQueue.AppHost.Telemetry;

public sealed record TraceSpanEvent(string Name, double OffsetMs, IReadOnlyDictionary<string, string> Attributes);
