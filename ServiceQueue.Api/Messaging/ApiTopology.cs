using RabbitMQ.Client;

namespace ServiceQueue.Api.Messaging;

/// <summary>
/// The AMQP names the Api uses (contracts.md section 2), declared idempotently with the same arguments
/// the Consumer uses, so whichever service starts first creates them and the other's declare is a no-op.
/// </summary>
internal static class ApiTopology
{
    public const string RequestsExchange = "servicequeue.requests";
    public const string EventsExchange = "servicequeue.events";
    public const string RejectedRoutingKey = "request.rejected";
    public const string RejectionsQueue = "servicequeue.api.rejections";
    public const string ServiceRequestedType = "ServiceRequested";

    public static string RoutingKeyFor(string queue) => $"request.{queue}";

    public static Task DeclareRequestsExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(RequestsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    /// <summary>The events exchange and the Api's own quorum queue of rejections; every Api replica shares the queue, so each event is recorded once.</summary>
    public static async Task DeclareRejectionsAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(RejectionsQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(RejectionsQueue, EventsExchange, RejectedRoutingKey, cancellationToken: cancellationToken);
    }
}
