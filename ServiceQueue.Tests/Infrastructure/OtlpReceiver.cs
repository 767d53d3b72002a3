using System.Collections.Concurrent;
using Google.Protobuf.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ServiceQueue.Tests.Infrastructure.Otlp;
using ServiceQueue.Tests.ServiceDefaults;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP receiver owned by one test (<c>POST /v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>,
/// protobuf bodies) on 127.0.0.1 and a free port: services running as other processes export here through
/// the standard OTEL_* settings, and the test reads back what arrived, decoded.
/// </summary>
internal sealed class OtlpReceiver(
    TestWebApp app,
    ConcurrentQueue<ExportMetricsServiceRequest> metrics,
    ConcurrentQueue<ExportTraceServiceRequest> traces) : IAsyncDisposable
{
    private const string Protobuf = "application/x-protobuf";

    /// <summary>The base address a service's <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names.</summary>
    public Uri Endpoint => app.Address;

    /// <summary>
    /// The settings that point a service's exporter here; the intervals are short so that a test waits
    /// a second for its data, not the SDK's default minute.
    /// </summary>
    public Dictionary<string, string> ExporterSettings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var metrics = new ConcurrentQueue<ExportMetricsServiceRequest>();
        var traces = new ConcurrentQueue<ExportTraceServiceRequest>();
        var app = await TestWebApp.StartAsync(
            web =>
            {
                web.MapPost("/v1/metrics", (HttpRequest request, CancellationToken cancellationToken) =>
                    AcceptAsync(request, body => metrics.Enqueue(ExportMetricsServiceRequest.Parser.ParseFrom(body)), cancellationToken));
                web.MapPost("/v1/traces", (HttpRequest request, CancellationToken cancellationToken) =>
                    AcceptAsync(request, body => traces.Enqueue(ExportTraceServiceRequest.Parser.ParseFrom(body)), cancellationToken));
                // Logs come too once an endpoint is set; accepted and dropped, so that no exporter retries them.
                web.MapPost("/v1/logs", (HttpRequest request, CancellationToken cancellationToken) =>
                    AcceptAsync(request, static _ => { }, cancellationToken));
            },
            serviceDefaults: false);
        return new OtlpReceiver(app, metrics, traces);
    }

    /// <summary>Every span received so far that belongs to the trace (<paramref name="traceId"/> in lower-case hex).</summary>
    public IReadOnlyList<ReceivedSpan> SpansOf(string traceId) =>
    [
        .. from export in traces
           from resource in export.ResourceSpans
           from scope in resource.ScopeSpans
           from span in scope.Spans
           let id = Convert.ToHexStringLower(span.TraceId.Span)
           where id == traceId
           select new ReceivedSpan(
               ServiceOf(resource.Resource),
               span.Name,
               KindOf(span.Kind),
               id,
               Convert.ToHexStringLower(span.SpanId.Span),
               Convert.ToHexStringLower(span.ParentSpanId.Span),
               span.Attributes.ToDictionary(a => a.Key, a => Text(a.Value))),
    ];

    /// <summary>What a counter of <paramref name="service"/> has counted so far, over all its series (attribute sets).</summary>
    public double CounterTotal(string service, string metric) => Total(
        from found in MetricsOf(service, metric)
        where found.DataCase == Metric.DataOneofCase.Sum
        from point in found.Sum.DataPoints
        select (found.Sum.AggregationTemporality, SeriesOf(point.Attributes), point.TimeUnixNano,
            point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble));

    /// <summary>How many values a histogram of <paramref name="service"/> has recorded so far, over all its series.</summary>
    public double HistogramCount(string service, string metric) => Total(
        from found in MetricsOf(service, metric)
        where found.DataCase == Metric.DataOneofCase.Histogram
        from point in found.Histogram.DataPoints
        select (found.Histogram.AggregationTemporality, SeriesOf(point.Attributes), point.TimeUnixNano, (double)point.Count));

    /// <summary>The metric names (under <paramref name="prefix"/>) each service has exported, and how many spans arrived: for a failure message.</summary>
    public string Describe(string prefix = "servicequeue.")
    {
        var names = from export in metrics
                    from resource in export.ResourceMetrics
                    from scope in resource.ScopeMetrics
                    from metric in scope.Metrics
                    where metric.Name.StartsWith(prefix, StringComparison.Ordinal)
                    group metric.Name by ServiceOf(resource.Resource) into service
                    select $"{service.Key}: {string.Join(", ", service.Distinct().Order(StringComparer.Ordinal))}";
        var spans = traces.Sum(export => export.ResourceSpans.Sum(resource => resource.ScopeSpans.Sum(scope => scope.Spans.Count)));
        return $"metrics [{string.Join("; ", names)}]; {spans} spans";
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private IEnumerable<Metric> MetricsOf(string service, string metric) =>
        from export in metrics
        from resource in export.ResourceMetrics
        where ServiceOf(resource.Resource) == service
        from scope in resource.ScopeMetrics
        from found in scope.Metrics
        where found.Name == metric
        select found;

    // A cumulative series reports its running total each time: its latest point is the total. Delta points add up.
    private static double Total(IEnumerable<(AggregationTemporality Temporality, string Series, ulong Time, double Value)> points) =>
        points
            .GroupBy(p => (Delta: p.Temporality == AggregationTemporality.Delta, p.Series))
            .Sum(series => series.Key.Delta ? series.Sum(p => p.Value) : series.MaxBy(p => p.Time)!.Value);

    private static async Task<IResult> AcceptAsync(HttpRequest request, Action<byte[]> keep, CancellationToken cancellationToken)
    {
        // The test asks for http/protobuf; anything else means the service did not take our settings.
        if (request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        keep(body.ToArray());
        // An empty Export*ServiceResponse (no partial_success) is an empty protobuf body: all accepted.
        return TypedResults.Bytes([], Protobuf);
    }

    private static string ServiceOf(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? Text(name.Value) : "";

    private static string KindOf(SpanKind kind) => kind switch
    {
        SpanKind.Internal => "internal",
        SpanKind.Server => "server",
        SpanKind.Client => "client",
        SpanKind.Producer => "producer",
        SpanKind.Consumer => "consumer",
        _ => "unspecified",
    };

    private static string SeriesOf(RepeatedField<KeyValue> attributes) =>
        string.Join(';', attributes.Select(a => $"{a.Key}={Text(a.Value)}").Order(StringComparer.Ordinal));

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    };
}
