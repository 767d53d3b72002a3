using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;

namespace ServiceQueue.Tests.Consumer;

/// <summary>What the Consumer and the Broker export over OTLP, read back by a receiver the test owns.</summary>
public sealed class IntakeTelemetryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_partners_traceparent_runs_through_the_Consumer_to_the_Broker_and_every_request_is_counted_and_timed()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var rig = await IntakeRig.StartAsync(receiver.ExporterSettings(), receiver.ExporterSettings());
        await rig.UpsertQueueAsync("GEN");

        var run = Guid.NewGuid().ToString("N");
        var plain = Enumerable.Range(1, 3).Select(n => $"counted-{n}-{run}").ToList();
        foreach (var requestId in plain)
        {
            await rig.PublishAsync(IntakeRig.Request(requestId));
        }

        // Once these are tickets the traced request travels alone, so its batch call continues its trace.
        foreach (var requestId in plain)
        {
            await Eventually.ReadAsync(() => rig.GetTicketAsync(requestId), t => t is not null, Bound);
        }

        var tracedId = $"traced-{run}";
        var traceId = await PublishInPartnersTraceAsync(rig, tracedId);
        string[] published = [.. plain, tracedId];

        foreach (var requestId in published)
        {
            var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync(requestId), t => t is not null, Bound);
            Assert.True(ticket is not null, $"{requestId} got no ticket\n{rig.Output}");
        }

        // The context crossed RabbitMQ into the Consumer's processing span, then gRPC into the Broker's EnqueueBatch.
        var spans = await Eventually.ReadAsync(
            () => Task.FromResult(receiver.SpansOf(traceId)),
            found => found.Any(IsConsumerProcessing) && found.Any(IsBrokerEnqueue),
            Bound);
        var seen = $"spans of trace {traceId}: {string.Join(", ", spans)}; received {receiver.Describe()}";
        Assert.True(spans.Any(IsConsumerProcessing), seen);
        Assert.True(spans.Any(IsBrokerEnqueue), seen);
        Assert.Contains(spans, s => IsConsumerProcessing(s) && s.Attribute("servicequeue.request_id") == tracedId);

        // Cumulative sums: once the counters cover every published request, so does one later export.
        var totals = await Eventually.ReadAsync(
            () => Task.FromResult(IntakeTotals(receiver)),
            t => t.Consumed >= published.Length && t.Enqueued >= published.Length && t.Timed >= published.Length,
            Bound);
        var reached = $"consumed {totals.Consumed}, enqueued {totals.Enqueued}, timed {totals.Timed} of {published.Length}; received {receiver.Describe()}";
        Assert.True(totals.Consumed >= published.Length, reached);
        Assert.True(totals.Enqueued >= published.Length, reached);
        Assert.True(totals.Timed >= published.Length, reached);
    }

    /// <summary>Publishes inside a trace of the publisher's own, as a partner system would, and returns its id.</summary>
    private static async Task<string> PublishInPartnersTraceAsync(IntakeRig rig, string requestId)
    {
        // Whether RabbitMQ.Client writes the header itself (when something in this test run listens to its
        // activities) or leaves ours, the message carries this trace.
        using var partner = new Activity("partner publish");
        partner.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        partner.Start();
        await using var channel = await (await rig.AmqpAsync()).CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = requestId,
            Type = "ServiceRequested",
            Headers = new Dictionary<string, object?> { ["traceparent"] = partner.Id },
        };
        await channel.BasicPublishAsync("servicequeue.requests", "request.GEN", mandatory: true, properties,
            JsonSerializer.SerializeToUtf8Bytes(IntakeRig.Request(requestId)));
        partner.Stop();
        return partner.TraceId.ToHexString();
    }

    private static bool IsConsumerProcessing(ReceivedSpan span) =>
        span is { Service: "consumer", Name: "servicequeue.intake process", Kind: "consumer" };

    private static bool IsBrokerEnqueue(ReceivedSpan span) =>
        span is { Service: "broker", Kind: "server" } && span.Attribute("rpc.method") == "EnqueueBatch";

    private static (double Consumed, double Enqueued, double Timed) IntakeTotals(OtlpReceiver receiver) => (
        receiver.CounterTotal("consumer", "servicequeue.intake.consumed"),
        receiver.CounterTotal("consumer", "servicequeue.intake.enqueued"),
        receiver.HistogramCount("consumer", "servicequeue.intake.processing.duration"));
}
