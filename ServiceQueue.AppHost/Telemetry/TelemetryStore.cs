using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Logs;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Metrics;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Trace;
using ServiceQueue.AppHost.Telemetry.Otlp.Logs;
using ServiceQueue.AppHost.Telemetry.Otlp.Metrics;
using ServiceQueue.AppHost.Telemetry.Otlp.Trace;

namespace ServiceQueue.AppHost.Telemetry;

/// <summary>
/// What the OTLP receiver got, kept in memory within <see cref="TelemetryLimits"/>: spans and logs in
/// ring buffers, metrics as one bounded series per (service, instrument).
/// </summary>
internal sealed class TelemetryStore(TelemetryLimits limits)
{
    private readonly Lock _gate = new();
    private readonly RingBuffer<StoredSpan> _spans = new(limits.MaxSpans);
    private readonly RingBuffer<LogEntry> _logs = new(limits.MaxLogs);
    private readonly Dictionary<(string Service, string Name), MetricSeries> _metrics = [];
    private long _lastLogId;

    public TelemetryLimits Limits { get; } = limits;

    public long DroppedMetricPoints { get; private set; }

    public int SpanCount
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public int LogCount
    {
        get
        {
            lock (_gate)
            {
                return _logs.Count;
            }
        }
    }

    public void Add(ExportTraceServiceRequest request)
    {
        var spans = new List<StoredSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = OtlpAttributes.ServiceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? string.Empty;
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(new StoredSpan(
                        OtlpAttributes.Id(span.TraceId) ?? string.Empty,
                        OtlpAttributes.Id(span.SpanId) ?? string.Empty,
                        OtlpAttributes.Id(span.ParentSpanId),
                        span.Name,
                        KindName(span.Kind),
                        service,
                        scope,
                        (long)span.StartTimeUnixNano,
                        (long)Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano),
                        StatusName(span.Status?.Code ?? Status.Types.StatusCode.Unset),
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        OtlpAttributes.ToDictionary(span.Attributes),
                        [.. span.Events.Select(e => new StoredSpanEvent(e.Name, (long)e.TimeUnixNano, OtlpAttributes.ToDictionary(e.Attributes)))]));
                }
            }
        }

        lock (_gate)
        {
            foreach (var span in spans)
            {
                _spans.Add(span);
            }
        }
    }

    public void Add(ExportLogsServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resourceLogs in request.ResourceLogs)
            {
                var service = OtlpAttributes.ServiceName(resourceLogs.Resource);
                foreach (var scopeLogs in resourceLogs.ScopeLogs)
                {
                    foreach (var record in scopeLogs.LogRecords)
                    {
                        var attributes = OtlpAttributes.ToDictionary(record.Attributes);
                        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                        var severity = (int)record.SeverityNumber;
                        _logs.Add(new LogEntry(
                            ++_lastLogId,
                            OtlpAttributes.Time(time),
                            LogLevels.Name(severity),
                            severity,
                            service,
                            scopeLogs.Scope?.Name ?? string.Empty,
                            LogLevels.Render(record.Body is null ? string.Empty : OtlpAttributes.Text(record.Body), attributes),
                            OtlpAttributes.Id(record.TraceId),
                            OtlpAttributes.Id(record.SpanId),
                            attributes));
                    }
                }
            }
        }
    }

    public void Add(ExportMetricsServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var service = OtlpAttributes.ServiceName(resourceMetrics.Resource);
                foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                {
                    foreach (var metric in scopeMetrics.Metrics)
                    {
                        if (Summarize(metric) is not { } summary)
                        {
                            continue;
                        }

                        if (!_metrics.TryGetValue((service, metric.Name), out var series))
                        {
                            if (_metrics.Count >= Limits.MaxMetricSeries)
                            {
                                DroppedMetricPoints++;
                                continue;
                            }

                            series = new MetricSeries(
                                service, scopeMetrics.Scope?.Name ?? string.Empty, metric.Name, metric.Unit, metric.Description,
                                summary.Kind, summary.Temporality, Limits.MaxPointsPerSeries);
                            _metrics[(service, metric.Name)] = series;
                        }

                        series.Add(summary.Point);
                    }
                }
            }
        }
    }

    public IReadOnlyList<TraceSummary> Traces(string? service, int limit)
    {
        List<StoredSpan> spans;
        lock (_gate)
        {
            spans = [.. _spans.Items()];
        }

        return [.. spans
            .GroupBy(s => s.TraceId, StringComparer.Ordinal)
            .Where(g => service is null || g.Any(s => s.Service == service))
            .Select(Summarize)
            .OrderByDescending(t => t.Start)
            .Take(limit)];
    }

    public TraceDetail? Trace(string traceId)
    {
        List<StoredSpan> spans;
        lock (_gate)
        {
            spans = [.. _spans.Items().Where(s => s.TraceId == traceId)];
        }

        if (spans.Count == 0)
        {
            return null;
        }

        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceDetail(
            traceId,
            OtlpAttributes.Time((ulong)start),
            Milliseconds(end - start),
            [.. spans.OrderBy(s => s.StartUnixNano).Select(s => new TraceSpan(
                s.SpanId, s.ParentSpanId, s.Name, s.Kind, s.Service, s.Scope,
                Milliseconds(s.StartUnixNano - start), Milliseconds(s.EndUnixNano - s.StartUnixNano),
                s.Status, s.StatusMessage, s.Attributes,
                [.. s.Events.Select(e => new TraceSpanEvent(e.Name, Milliseconds(e.TimeUnixNano - start), e.Attributes))]))]);
    }

    public IReadOnlyList<LogEntry> Logs(LogQuery query)
    {
        var minimum = query.MinimumLevel is null ? 0 : LogLevels.MinimumSeverity(query.MinimumLevel);
        lock (_gate)
        {
            return [.. _logs.Items()
                .Where(l => l.Id > query.After
                    && l.SeverityNumber >= minimum
                    && (query.Service is null || l.Service == query.Service)
                    && (query.TraceId is null || l.TraceId == query.TraceId)
                    && (query.Text is null || l.Message.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
                        || l.Attributes.Values.Any(v => v.Contains(query.Text, StringComparison.OrdinalIgnoreCase))))
                .TakeLast(query.Limit)];
        }
    }

    public IReadOnlyList<MetricSeriesView> Metrics(string? service)
    {
        lock (_gate)
        {
            return [.. _metrics
                .Where(m => service is null || m.Key.Service == service)
                .OrderBy(m => m.Key.Service, StringComparer.Ordinal)
                .ThenBy(m => m.Key.Name, StringComparer.Ordinal)
                .Select(m => m.Value.View())];
        }
    }

    private static TraceSummary Summarize(IGrouping<string, StoredSpan> trace)
    {
        var start = trace.Min(s => s.StartUnixNano);
        var end = trace.Max(s => s.EndUnixNano);
        var spanIds = trace.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root may not have arrived yet (services export independently): fall back to the earliest span.
        var root = trace.Where(s => s.ParentSpanId is null || !spanIds.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNano)!;
        return new TraceSummary(
            trace.Key,
            $"{root.Service}: {root.Name}",
            OtlpAttributes.Time((ulong)start),
            Milliseconds(end - start),
            [.. trace.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            trace.Count(),
            trace.Any(s => s.Status == "error"));
    }

    private static (string Kind, string Temporality, MetricPoint Point)? Summarize(Metric metric)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge when metric.Gauge.DataPoints.Count > 0:
                return ("gauge", "none", Point(metric.Gauge.DataPoints));
            case Metric.DataOneofCase.Sum when metric.Sum.DataPoints.Count > 0:
                return (metric.Sum.IsMonotonic ? "counter" : "updowncounter", TemporalityName(metric.Sum.AggregationTemporality), Point(metric.Sum.DataPoints));
            case Metric.DataOneofCase.Histogram when metric.Histogram.DataPoints.Count > 0:
                var points = metric.Histogram.DataPoints;
                return ("histogram", TemporalityName(metric.Histogram.AggregationTemporality), new MetricPoint(
                    OtlpAttributes.Time(points.Max(p => p.TimeUnixNano)),
                    0,
                    (long)points.Aggregate(0UL, (total, p) => total + p.Count),
                    points.Sum(p => p.Sum)));
            default:
                return null;
        }

        static MetricPoint Point(IReadOnlyCollection<NumberDataPoint> points) => new(
            OtlpAttributes.Time(points.Max(p => p.TimeUnixNano)),
            points.Sum(p => p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble),
            points.Count,
            0);
    }

    private static double Milliseconds(long nanoseconds) => nanoseconds / 1_000_000.0;

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };

    private static string StatusName(Status.Types.StatusCode code) => code switch
    {
        Status.Types.StatusCode.Ok => "ok",
        Status.Types.StatusCode.Error => "error",
        _ => "unset",
    };

    private static string TemporalityName(AggregationTemporality temporality) => temporality switch
    {
        AggregationTemporality.Delta => "delta",
        AggregationTemporality.Cumulative => "cumulative",
        _ => "unspecified",
    };
}
