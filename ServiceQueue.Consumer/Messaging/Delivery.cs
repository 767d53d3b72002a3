using RabbitMQ.Client;

namespace ServiceQueue.Consumer.Messaging;

/// <summary>
/// One delivery, copied out of the client's buffers (RabbitMQ.Client 7 reuses the body's memory once
/// the handler returns) so a worker can process it later.
/// </summary>
internal sealed record Delivery(
    IChannel Channel,
    ulong DeliveryTag,
    bool Redelivered,
    string RoutingKey,
    ReadOnlyMemory<byte> Body,
    BasicProperties Properties,
    DateTimeOffset ReceivedAt)
{
    /// <summary>How often the quorum queue has handed this message out before (its <c>x-delivery-count</c>).</summary>
    public long DeliveryCount => Properties.Headers?.TryGetValue(IntakeTopology.DeliveryCountHeader, out var value) == true
        ? value switch
        {
            long count => count,
            int count => count,
            short count => count,
            byte count => count,
            _ => 0,
        }
        : 0;
}
