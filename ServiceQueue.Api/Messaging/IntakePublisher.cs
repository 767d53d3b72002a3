using System.Text.Json;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using ServiceQueue.Api.Options;

namespace ServiceQueue.Api.Messaging;

/// <summary>
/// Publishes service requests on one long-lived channel with publisher confirms tracked by the client:
/// <see cref="PublishAsync"/> returns true only once RabbitMQ has taken responsibility for the message.
/// Mandatory, so a request no queue would take fails here instead of vanishing (design invariant 7).
/// </summary>
internal sealed partial class IntakePublisher(IServiceProvider services, IOptions<IntakeOptions> options, ILogger<IntakePublisher> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async Task<bool> PublishAsync(ServiceRequestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.Queue);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            var channel = await ChannelAsync(timeout.Token);
            var properties = new BasicProperties
            {
                ContentType = IntakeTopology.ContentType,
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = message.RequestId,
                Type = IntakeTopology.ServiceRequestedType,
            };
            var body = JsonSerializer.SerializeToUtf8Bytes(message, IntakeJsonContext.Default.ServiceRequestMessage);
            await channel.BasicPublishAsync(IntakeTopology.RequestsExchange, IntakeTopology.RoutingKeyFor(message.Queue), mandatory: true, properties, body, timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            // A nack, a return, a closed channel or connection, or no confirm in time: the caller answers 503.
            LogNotConfirmed(logger, message.Queue, error.GetType().Name, error.Message);
            return false;
        }
    }

    private async ValueTask<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } current)
            {
                return current;
            }

            // A channel closed by an error is gone for good (automatic recovery only follows the connection).
            _channel?.Dispose();
            _channel = null;
            var amqp = await IntakeConnection.GetAsync(services, cancellationToken);
            var channel = await amqp.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            await IntakeTopology.DeclareRequestsExchangeAsync(channel, cancellationToken);
            _channel = channel;
            return channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is { } channel)
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync();
            }

            channel.Dispose();
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A service request for queue {Queue} was not confirmed by RabbitMQ ({Error}: {Reason})")]
    private static partial void LogNotConfirmed(ILogger logger, string queue, string error, string reason);
}
