using RabbitMQ.Client;

namespace ServiceQueue.Api.Messaging;

/// <summary>
/// The Api's own AMQP name, beside the shared ones of <see cref="IntakeTopology"/>: the queue of rejections
/// it records, declared idempotently like the rest, so whichever service starts first creates what it needs.
/// </summary>
internal static class ApiTopology
{
    public const string RejectionsQueue = "servicequeue.api.rejections";

    /// <summary>The events exchange and the Api's own quorum queue of rejections; every Api replica shares the queue, so each event is recorded once.</summary>
    public static async Task DeclareRejectionsAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await IntakeTopology.DeclareEventsExchangeAsync(channel, cancellationToken);
        await channel.QueueDeclareAsync(RejectionsQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(RejectionsQueue, IntakeTopology.EventsExchange, IntakeTopology.RejectedRoutingKey, cancellationToken: cancellationToken);
    }
}
