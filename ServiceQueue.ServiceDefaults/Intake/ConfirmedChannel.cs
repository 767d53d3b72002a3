using RabbitMQ.Client;

namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// A publishing channel on the intake connection with publisher confirms tracked by the client, so each
/// publish returns only once RabbitMQ has taken the message (or throws). It opens on first use, and again
/// after it closed: a channel closed by an error is gone for good, since the client's automatic recovery
/// follows the connection, not a channel it has given up. The Api publishes requests on these, the
/// Consumer its rejections.
/// </summary>
public sealed class ConfirmedChannel(Func<IChannel, CancellationToken, Task>? prepare = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    /// <summary>The open channel, opening it (and running the preparation it was given, such as declaring an exchange) if needed.</summary>
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

            _channel?.Dispose();
            _channel = null;
            var amqp = await IntakeConnection.GetAsync(services, cancellationToken);
            var channel = await amqp.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            if (prepare is not null)
            {
                await prepare(channel, cancellationToken);
            }

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
