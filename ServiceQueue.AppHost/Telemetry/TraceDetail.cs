namespace ServiceQueue.AppHost.Telemetry;

/// <summary>One trace, spans in start order, each placed by its offset from the trace's start (the waterfall).</summary>
public sealed record TraceDetail(string TraceId, DateTimeOffset Start, double DurationMs, IReadOnlyList<TraceSpan> Spans);
