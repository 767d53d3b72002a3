using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using ServiceQueue.AppHost.Telemetry;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Logs;
using ServiceQueue.AppHost.Telemetry.Otlp.Collector.Trace;
using ServiceQueue.AppHost.Telemetry.Otlp.Common;
using ServiceQueue.AppHost.Telemetry.Otlp.Logs;
using ServiceQueue.AppHost.Telemetry.Otlp.Resource;
using ServiceQueue.AppHost.Telemetry.Otlp.Trace;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>OTLP/HTTP rules at the receiver's door, and the memory caps.</summary>
public sealed class OtlpReceiverProtocolTests
{
    [Fact]
    public async Task An_export_answers_an_empty_protobuf_response_and_other_content_types_get_415()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = new HttpClient { BaseAddress = dashboard.OtlpEndpoint };

        using var accepted = await http.PostAsync("/v1/traces", Protobuf(Traces("api", 1)));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("application/x-protobuf", accepted.Content.Headers.ContentType?.MediaType);
        var response = ExportTraceServiceResponse.Parser.ParseFrom(await accepted.Content.ReadAsByteArrayAsync());
        Assert.Null(response.PartialSuccess);

        using var json = await http.PostAsync("/v1/traces", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        using var garbage = await http.PostAsync("/v1/logs", Protobuf([0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

        // The receiver's port serves nothing of the dashboard.
        using var api = await http.GetAsync("/api/resources");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }

    [Fact]
    public async Task Spans_and_logs_beyond_the_caps_push_out_the_oldest()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(new TelemetryLimits { MaxSpans = 5, MaxLogs = 3 });
        using var http = new HttpClient { BaseAddress = dashboard.OtlpEndpoint };
        using var client = await DashboardClient.SignInAsync(dashboard);

        for (var batch = 0; batch < 4; batch++)
        {
            (await http.PostAsync("/v1/traces", Protobuf(Traces("api", 5, first: batch * 5)))).EnsureSuccessStatusCode();
            (await http.PostAsync("/v1/logs", Protobuf(Logs("api", 5, first: batch * 5)))).EnsureSuccessStatusCode();
        }

        var traces = await client.GetAsync<List<TraceSummary>>("/api/traces");
        Assert.Equal(5, dashboard.Telemetry.SpanCount);
        Assert.Equal(["span 15", "span 16", "span 17", "span 18", "span 19"], traces.Select(t => t.Name.Split(": ")[1]).Order());

        var logs = await client.GetAsync<List<LogEntry>>("/api/logs");
        Assert.Equal(["log 17", "log 18", "log 19"], logs.Select(l => l.Message));
    }

    private static ByteArrayContent Protobuf(IMessage message) => Protobuf(message.ToByteArray());

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static Resource ServiceResource(string service) =>
        new() { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } } };

    private static ExportTraceServiceRequest Traces(string service, int count, int first = 0)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "test" } };
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = first; i < first + count; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i + 1)),
                Name = $"span {i}",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = start + ((ulong)i * 1_000_000),
                EndTimeUnixNano = start + ((ulong)i * 1_000_000) + 500_000,
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = ServiceResource(service), ScopeSpans = { scope } } } };
    }

    private static ExportLogsServiceRequest Logs(string service, int count, int first = 0)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "test" } };
        for (var i = first; i < first + count; i++)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
                SeverityNumber = SeverityNumber.Info,
                Body = new AnyValue { StringValue = $"log {i}" },
            });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = ServiceResource(service), ScopeLogs = { scope } } } };
    }
}
