using RabbitMQ.Client;

namespace ServiceQueue.Api.Messaging;

/// <summary>One confirmed publishing channel of <see cref="IntakePublisher"/>, opened on first use and again after it closed.</summary>
internal sealed class PublishChannel : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async ValueTask<IChannel> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
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
}
