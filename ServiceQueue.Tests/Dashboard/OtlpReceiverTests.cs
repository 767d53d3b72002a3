using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ServiceQueue.AppHost.Dashboard;
using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>The receiver against the real OpenTelemetry .NET OTLP exporter (HTTP/protobuf), checked through the JSON API.</summary>
public sealed partial class OtlpReceiverTests
{
    [Fact]
    public async Task Spans_exported_by_the_OpenTelemetry_SDK_show_as_one_trace_across_two_services()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var client = await DashboardClient.SignInAsync(dashboard);
        // One process plays two services: a provider per service, each listening to its own source.
        var apiSource = new ActivitySource($"ServiceQueue.TestApi.{Guid.NewGuid():N}");
        var brokerSource = new ActivitySource($"ServiceQueue.TestBroker.{Guid.NewGuid():N}");
        string traceId;
        using (var api = TracerFor(dashboard, "api", apiSource.Name))
        using (var broker = TracerFor(dashboard, "broker", brokerSource.Name))
        {
            using (var root = apiSource.StartActivity("POST /api/requests", ActivityKind.Server)!)
            {
                root.SetTag("http.route", "/api/requests");
                traceId = root.TraceId.ToHexString();
                using var child = brokerSource.StartActivity("broker.Enqueue", ActivityKind.Server)!;
                child.SetStatus(ActivityStatusCode.Error, "queue closed");
            }

            api.ForceFlush();
            broker.ForceFlush();
        }

        apiSource.Dispose();
        brokerSource.Dispose();

        var traces = await client.WaitForAsync<List<TraceSummary>>("/api/traces", t => t.Any(x => x.TraceId == traceId));
        var summary = traces.Single(t => t.TraceId == traceId);
        Assert.True(summary.HasError);
        Assert.Equal(["api", "broker"], summary.Services);

        var detail = await client.GetAsync<TraceDetail>($"/api/traces/{traceId}");
        var server = detail.Spans.Single(s => s.Name == "POST /api/requests" && s.Service == "api");
        Assert.Equal("server", server.Kind);
        Assert.Equal("/api/requests", server.Attributes["http.route"]);
        Assert.Null(server.ParentSpanId);
        var failed = detail.Spans.Single(s => s.Name == "broker.Enqueue" && s.Service == "broker");
        Assert.Equal(server.SpanId, failed.ParentSpanId);
        Assert.Equal("error", failed.Status);
        Assert.Equal("queue closed", failed.StatusMessage);
        Assert.True(failed.OffsetMs >= 0);
    }

    [Fact]
    public async Task Logs_exported_by_the_OpenTelemetry_SDK_show_with_level_service_message_and_trace()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var client = await DashboardClient.SignInAsync(dashboard);
        var ticket = $"A-{Random.Shared.Next(100, 999)}";
        string traceId;
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("consumer"));
            otel.AddOtlpExporter(o => Point(o, dashboard, "logs"));
        })))
        {
            using var activity = new Activity("handle").Start();
            traceId = activity.TraceId.ToHexString();
            LogRejected(factory.CreateLogger("ServiceQueue.Consumer.Intake"), ticket, "queue closed");
        } // Disposing the factory flushes the exporter.

        var logs = await client.WaitForAsync<List<LogEntry>>("/api/logs?service=consumer", l => l.Count > 0);
        var entry = Assert.Single(logs);
        Assert.Equal("Warning", entry.Level);
        Assert.Equal("consumer", entry.Service);
        Assert.Equal("ServiceQueue.Consumer.Intake", entry.Category);
        Assert.Equal($"Request {ticket} rejected: queue closed", entry.Message);
        Assert.Equal(ticket, entry.Attributes["Ticket"]);
        Assert.Equal(traceId, entry.TraceId);

        Assert.Single(await client.GetAsync<List<LogEntry>>($"/api/logs?traceId={traceId}"));
        Assert.Empty(await client.GetAsync<List<LogEntry>>("/api/logs?level=Error"));
        Assert.Single(await client.GetAsync<List<LogEntry>>($"/api/logs?q={ticket}"));
    }

    [Fact]
    public async Task Metrics_exported_by_the_OpenTelemetry_SDK_show_per_service_and_instrument()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var client = await DashboardClient.SignInAsync(dashboard);
        var meterName = $"ServiceQueue.Test{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        var intake = meter.CreateCounter<long>("servicequeue.intake.requests");
        var duration = meter.CreateHistogram<double>("http.server.request.duration", unit: "s");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("api"))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                Point(o, dashboard, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
            })
            .Build())
        {
            intake.Add(3, new KeyValuePair<string, object?>("channel", "web"));
            intake.Add(4, new KeyValuePair<string, object?>("channel", "amqp"));
            duration.Record(0.010);
            duration.Record(0.030);
            provider.ForceFlush();
        }

        var metrics = await client.WaitForAsync<List<MetricSeriesView>>("/api/metrics?service=api", m => m.Count >= 2);
        var counter = metrics.Single(m => m.Name == "servicequeue.intake.requests");
        Assert.Equal(meterName, counter.Meter);
        Assert.Equal("counter", counter.Kind);
        Assert.Equal(7, counter.Points[^1].Value); // summed over its attribute sets
        var histogram = metrics.Single(m => m.Name == "http.server.request.duration");
        Assert.Equal("histogram", histogram.Kind);
        Assert.Equal("s", histogram.Unit);
        Assert.Equal(2, histogram.Points[^1].Count);
        Assert.Equal(0.040, histogram.Points[^1].Sum, precision: 6);
        Assert.Empty(await client.GetAsync<List<MetricSeriesView>>("/api/metrics?service=broker"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Ticket} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string ticket, string reason);

    private static TracerProvider TracerFor(DashboardHost dashboard, string service, string sourceName) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o => Point(o, dashboard, "traces"))
            .Build()!;

    private static void Point(OtlpExporterOptions options, DashboardHost dashboard, string signal)
    {
        options.Endpoint = new Uri(dashboard.OtlpEndpoint, $"/v1/{signal}");
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
