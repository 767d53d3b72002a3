namespace ServiceQueue.AppHost.Telemetry;

/// <summary>One span as received, with its resource's service name; ids in lowercase hex.</summary>
internal sealed record StoredSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Service,
    string Scope,
    long StartUnixNano,
    long EndUnixNano,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<StoredSpanEvent> Events);
