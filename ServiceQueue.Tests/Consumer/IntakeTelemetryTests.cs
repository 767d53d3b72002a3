using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using ServiceQueue.AppHost.Telemetry;
using ServiceQueue.Tests.Dashboard;

namespace ServiceQueue.Tests.Consumer;

/// <summary>What the Consumer reports, read back from a real OTLP receiver the way the dashboard sees it.</summary>
public sealed class IntakeTelemetryTests
{
    [Fact]
    public async Task A_request_continues_the_publishers_trace_through_the_Consumer_to_the_Broker_and_is_counted()
    {
        await using var receiver = await StandaloneDashboard.StartAsync();
        using var dashboard = await DashboardClient.SignInAsync(receiver);
        var telemetry = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.OtlpEndpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        };
        await using var rig = await IntakeRig.StartAsync(telemetry, telemetry);
        await rig.UpsertQueueAsync("GEN");

        // The publisher's own trace, as a partner system would have it: the publish happens inside it, so
        // whether RabbitMQ.Client writes the header itself (when something listens to its activities)
        // or leaves ours, the message carries this trace.
        using var publisher = new Activity("partner publish");
        publisher.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        publisher.Start();
        var traceId = publisher.TraceId.ToHexString();
        var requestId = $"traced-{Guid.NewGuid():N}";
        await using (var channel = await (await rig.AmqpAsync()).CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            var properties = new BasicProperties
            {
                ContentType = "application/json",
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = requestId,
                Type = "ServiceRequested",
                Headers = new Dictionary<string, object?> { ["traceparent"] = publisher.Id },
            };
            await channel.BasicPublishAsync("servicequeue.requests", "request.GEN", mandatory: true, properties,
                JsonSerializer.SerializeToUtf8Bytes(IntakeRig.Request(requestId)));
        }

        publisher.Stop();

        var ticket = await IntakeRig.EventuallyAsync(() => rig.GetTicketAsync(requestId), t => t is not null, TimeSpan.FromSeconds(30));
        Assert.NotNull(ticket);

        // Both services' spans carry the publisher's trace id: the context crossed RabbitMQ, then gRPC.
        var trace = await WaitForTraceAsync(dashboard, traceId, ["consumer", "broker"]);
        Assert.Contains(trace.Spans, s => s.Service == "broker" && s.Attributes.TryGetValue("rpc.method", out var method) && method == "Enqueue");

        var metrics = await dashboard.WaitForAsync<List<MetricSeriesView>>(
            "/api/metrics?service=consumer",
            series => series.Any(m => m.Name == "servicequeue.intake.enqueued" && m.Points.Any(p => p.Value >= 1)));
        Assert.Contains(metrics, m => m.Name == "servicequeue.intake.consumed" && m.Points.Any(p => p.Value >= 1));
        Assert.Contains(metrics, m => m.Name == "servicequeue.intake.processing.duration" && m.Points.Any(p => p.Count >= 1));
    }

    private static async Task<TraceDetail> WaitForTraceAsync(DashboardClient dashboard, string traceId, string[] services)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        TraceDetail? last = null;
        while (DateTime.UtcNow < deadline)
        {
            // By id, not from the list: the list holds the newest traces, and polling makes many.
            last = await dashboard.TryGetAsync<TraceDetail>($"/api/traces/{traceId}") ?? last;
            if (last is not null && services.All(service => last.Spans.Any(s => s.Service == service)))
            {
                return last;
            }

            await Task.Delay(200);
        }

        var received = await dashboard.GetAsync<List<TraceSummary>>("/api/traces?limit=2000");
        throw new TimeoutException($"trace {traceId} did not show spans of {string.Join(", ", services)}; it had: "
            + string.Join(", ", last?.Spans.Select(s => $"{s.Service}:{s.Name}") ?? [])
            + $"; the receiver holds {received.Count} traces: "
            + string.Join(", ", received.GroupBy(t => string.Join("+", t.Services) + " " + t.Name).Select(g => $"{g.Key} x{g.Count()}").Take(12)));
    }
}
