using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using ServiceQueue.Consumer.Model;

namespace ServiceQueue.Consumer.Messaging;

/// <summary>
/// Publishes rejections on the Consumer's one <see cref="ConfirmedChannel"/>: each publish returns only
/// once RabbitMQ has taken responsibility for the message (or throws). RabbitMQ's own
/// dead-lettering cannot add headers, so a rejection is published here: first the
/// <c>request.rejected</c> event, then the original body and properties with the reason headers to
/// the dead-letter exchange; the caller acks the original only after both were confirmed.
/// </summary>
internal sealed class RejectionPublisher(IServiceProvider services, TimeProvider clock) : IAsyncDisposable
{
    private readonly ConfirmedChannel _channel = new();

    public async Task PublishAsync(Delivery delivery, string? requestId, string? queue, string? branch, Rejection rejection, CancellationToken cancellationToken)
    {
        var channel = await _channel.OpenAsync(services, cancellationToken);

        var @event = new RequestRejectedEvent(requestId, queue, rejection.Reason, rejection.Detail, clock.GetUtcNow(), branch);
        var eventProperties = new BasicProperties
        {
            ContentType = IntakeTopology.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = requestId,
            Type = IntakeTopology.RequestRejectedType,
        };
        await channel.BasicPublishAsync(
            IntakeTopology.EventsExchange,
            IntakeTopology.RejectedRoutingKey,
            mandatory: false,
            eventProperties,
            JsonSerializer.SerializeToUtf8Bytes(@event, IntakeJsonContext.Default.RequestRejectedEvent),
            cancellationToken);

        var properties = new BasicProperties(delivery.Properties)
        {
            DeliveryMode = DeliveryModes.Persistent,
        };
        var headers = delivery.Properties.Headers is { } original
            ? new Dictionary<string, object?>(original)
            : [];
        headers[IntakeTopology.ReasonHeader] = Encoding.UTF8.GetBytes(rejection.Reason);
        headers[IntakeTopology.DetailHeader] = Encoding.UTF8.GetBytes(rejection.Detail);
        properties.Headers = headers;

        // Mandatory: a dead queue that is missing must fail the publish, not drop the request silently.
        await channel.BasicPublishAsync(IntakeTopology.DeadLetterExchange, delivery.RoutingKey, mandatory: true, properties, delivery.Body, cancellationToken);
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
