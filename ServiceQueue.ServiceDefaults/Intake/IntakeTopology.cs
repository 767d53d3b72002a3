using RabbitMQ.Client;

namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// The AMQP names of contracts.md section 2 and their declarations. Declaring is idempotent (the same
/// arguments every time, so a repeat is a no-op and a mismatch fails loudly with PRECONDITION_FAILED
/// instead of drifting): the Consumer declares all of it, the Api the exchanges it uses.
/// </summary>
public static class IntakeTopology
{
    public const string RequestsExchange = "servicequeue.requests";
    public const string IntakeQueue = "servicequeue.intake";
    /// <summary>Both key shapes, <c>request.&lt;queue&gt;</c> and <c>request.&lt;branch&gt;.&lt;queue&gt;</c>, reach the one intake queue.</summary>
    public const string IntakeBinding = "request.#";
    public const string DeadLetterExchange = "servicequeue.requests.dlx";
    public const string DeadQueue = "servicequeue.intake.dead";
    public const string EventsExchange = "servicequeue.events";
    public const string RejectedRoutingKey = "request.rejected";

    public const string ReasonHeader = "x-servicequeue-reason";
    public const string DetailHeader = "x-servicequeue-detail";
    public const string DeliveryCountHeader = "x-delivery-count";

    public const string ContentType = "application/json";
    public const string ServiceRequestedType = "ServiceRequested";
    public const string RequestRejectedType = "RequestRejected";

    /// <summary>The default branch's key for <paramref name="queue"/>; <see cref="IntakeRoutingKey"/> builds and reads every branch's.</summary>
    public static string RoutingKeyFor(string queue) => IntakeRoutingKey.Prefix + queue;

    public static Task DeclareRequestsExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        DeclareTopicAsync(channel, RequestsExchange, cancellationToken);

    public static Task DeclareEventsExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        DeclareTopicAsync(channel, EventsExchange, cancellationToken);

    /// <summary>Everything the intake runs on: both exchanges, the intake queue and the dead-letter path.</summary>
    public static async Task DeclareAsync(IChannel channel, int deliveryLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await DeclareRequestsExchangeAsync(channel, cancellationToken);
        await DeclareEventsExchangeAsync(channel, cancellationToken);

        // Fanout: both RabbitMQ's own dead-lettering and the Consumer's keep the original routing key, and every one belongs in the dead queue.
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadQueue, DeadLetterExchange, string.Empty, cancellationToken: cancellationToken);

        await channel.QueueDeclareAsync(IntakeQueue, durable: true, exclusive: false, autoDelete: false, arguments: IntakeQueueArguments(deliveryLimit), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(IntakeQueue, RequestsExchange, IntakeBinding, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Quorum (replicated, counts redeliveries). The Consumer dead-letters a request itself on its last
    /// delivery so the reason header is always there; the queue's own limit and DLX are the safety net.
    /// <c>at-least-once</c> dead-lettering needs <c>overflow=reject-publish</c>, so the dead path stays
    /// at-most-once (the default) to keep the queue's overflow behaviour untouched.
    /// </summary>
    public static Dictionary<string, object?> IntakeQueueArguments(int deliveryLimit) => new()
    {
        ["x-queue-type"] = "quorum",
        ["x-delivery-limit"] = deliveryLimit,
        ["x-dead-letter-exchange"] = DeadLetterExchange,
    };

    private static Task DeclareTopicAsync(IChannel channel, string exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
    }
}
