namespace ServiceQueue.Tests.Infrastructure;

/// <summary>One span as the dashboard holds it: the service that reported it (<c>service.name</c>), its name and kind.</summary>
internal sealed record SpanView(string Service, string Name, string Kind, string TraceId);
