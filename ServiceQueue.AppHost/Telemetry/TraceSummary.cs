namespace ServiceQueue.AppHost.Telemetry;

/// <summary>A trace in the list: its root (or earliest) span's name, extent, the services it crossed, and whether any span failed.</summary>
public sealed record TraceSummary(
    string TraceId,
    string Name,
    DateTimeOffset Start,
    double DurationMs,
    IReadOnlyList<string> Services,
    int SpanCount,
    bool HasError);
