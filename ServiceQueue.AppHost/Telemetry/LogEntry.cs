namespace ServiceQueue.AppHost.Telemetry;

/// <summary>One structured log record as the dashboard shows it.</summary>
public sealed record LogEntry(
    long Id,
    DateTimeOffset Timestamp,
    string Level,
    int SeverityNumber,
    string Service,
    string Category,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);
