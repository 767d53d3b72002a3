namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// One span as a service exported it over OTLP: the reporting service (<c>service.name</c>), its name and
/// kind, its ids in lower-case hex (W3C form) and its string-valued attributes.
/// </summary>
internal sealed record ReceivedSpan(
    string Service,
    string Name,
    string Kind,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => $"{Service}:{Name} ({Kind})";
}
