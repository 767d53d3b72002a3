namespace ServiceQueue.AppHost.Telemetry;

/// <summary>A span of a <see cref="TraceDetail"/>; offsets in milliseconds from the trace's start.</summary>
public sealed record TraceSpan(
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Service,
    string Scope,
    double OffsetMs,
    double DurationMs,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<TraceSpanEvent> Events);
