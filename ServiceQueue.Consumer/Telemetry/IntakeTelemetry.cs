using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using ServiceQueue.ServiceDefaults.Telemetry;

namespace ServiceQueue.Consumer.Telemetry;

/// <summary>The Consumer's instruments (<c>ServiceQueue.Consumer</c>) and its ActivitySource of the same name.</summary>
internal sealed class IntakeTelemetry : IDisposable
{
    public static readonly string Name = TelemetryNames.For("Consumer");

    private readonly Meter _meter;

    public IntakeTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Consumed = _meter.CreateCounter<long>("servicequeue.intake.consumed", "{message}", "Deliveries taken from the intake queue");
        Enqueued = _meter.CreateCounter<long>("servicequeue.intake.enqueued", "{request}", "Requests the Broker confirmed as tickets");
        Rejected = _meter.CreateCounter<long>("servicequeue.intake.rejected", "{request}", "Requests rejected, by reason");
        Retried = _meter.CreateCounter<long>("servicequeue.intake.retried", "{attempt}", "Enqueue attempts retried after a transient failure");
        Requeued = _meter.CreateCounter<long>("servicequeue.intake.requeued", "{message}", "Deliveries returned to the queue for a later attempt");
        DeadLettered = _meter.CreateCounter<long>("servicequeue.intake.dead_lettered", "{message}", "Deliveries published to the dead-letter exchange, by reason");
        Duration = _meter.CreateHistogram<double>("servicequeue.intake.processing.duration", "s", "From delivery to ack, nack or dead-letter");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Consumed { get; }

    public Counter<long> Enqueued { get; }

    public Counter<long> Rejected { get; }

    public Counter<long> Retried { get; }

    public Counter<long> Requeued { get; }

    public Counter<long> DeadLettered { get; }

    public Histogram<double> Duration { get; }

    /// <summary>Continues the publisher's trace (W3C <c>traceparent</c>/<c>tracestate</c> headers, which RabbitMQ.Client 7 writes) for one delivery.</summary>
    public static Activity? StartProcessing(IDictionary<string, object?>? headers)
    {
        ActivityContext.TryParse(HeaderText(headers, "traceparent"), HeaderText(headers, "tracestate"), isRemote: true, out var parent);
        var activity = Source.StartActivity("servicequeue.intake process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", "servicequeue.intake");
        activity?.SetTag("messaging.operation.type", "process");
        return activity;
    }

    /// <summary>The span of one <c>EnqueueBatch</c> call: in the first delivery's trace, linked to every delivery's span.</summary>
    public static Activity? StartBatch(ActivityContext first, IEnumerable<ActivityLink> deliveries, int count)
    {
        var activity = Source.StartActivity("servicequeue.intake enqueue_batch", ActivityKind.Internal, first, links: deliveries);
        activity?.SetTag("messaging.batch.message_count", count);
        return activity;
    }

    private static string? HeaderText(IDictionary<string, object?>? headers, string name) =>
        headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    public void Dispose() => _meter.Dispose();
}
