using System.Text.Json;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using ServiceQueue.Api.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Messaging;

/// <summary>
/// Publishes service requests on a few long-lived channels with publisher confirms tracked by the client;
/// concurrent requests publish at once and each awaits its own confirm. Mandatory, so a request no queue
/// would take fails here instead of vanishing (design invariant 7). <see cref="PublishAsync"/> tells a
/// confirmed request from one surely not sent and from one that may have been sent. A request of the default branch
/// goes with <c>request.&lt;queue&gt;</c> as before branches, any other with <c>request.&lt;branch&gt;.&lt;queue&gt;</c>.
/// </summary>
internal sealed partial class IntakePublisher(
    IServiceProvider services, IOptions<IntakeOptions> options, IOptions<BranchOptions> branches, ILogger<IntakePublisher> logger) : IAsyncDisposable
{
    private readonly ConfirmedChannel[] _channels = [.. Enumerable.Range(0, options.Value.PublishChannels).Select(_ => new ConfirmedChannel(IntakeTopology.DeclareRequestsExchangeAsync))];
    private int _next;

    public async Task<IntakePublishOutcome> PublishAsync(ServiceRequestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.Queue);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        IChannel channel;
        try
        {
            // Round robin: each channel keeps its own window of outstanding confirms, so more channels, more in flight.
            var slot = _channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)_channels.Length)];
            channel = await slot.OpenAsync(services, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            LogNotPublished(logger, message.Queue, error.GetType().Name, error.Message);
            return IntakePublishOutcome.NotPublished;
        }

        var properties = new BasicProperties
        {
            ContentType = IntakeTopology.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = message.RequestId,
            Type = IntakeTopology.ServiceRequestedType,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(message, IntakeJsonContext.Default.ServiceRequestMessage);
        try
        {
            var routingKey = IntakeRoutingKey.For(message.Branch, message.Queue, branches.Value.Default);
            await channel.BasicPublishAsync(IntakeTopology.RequestsExchange, routingKey, mandatory: true, properties, body, timeout.Token);
            return IntakePublishOutcome.Confirmed;
        }
        catch (PublishException returned) when (returned.IsReturn)
        {
            // basic.return: no queue is bound, so no queue holds it.
            LogNotPublished(logger, message.Queue, returned.GetType().Name, returned.Message);
            return IntakePublishOutcome.NotPublished;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            // A nack, a closed channel or connection, or no confirm in time, after the message may have left.
            LogNotConfirmed(logger, message.Queue, error.GetType().Name, error.Message);
            return IntakePublishOutcome.MayBePublished;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A service request for queue {Queue} was not published ({Error}: {Reason})")]
    private static partial void LogNotPublished(ILogger logger, string queue, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A service request for queue {Queue} was sent but not confirmed by RabbitMQ ({Error}: {Reason})")]
    private static partial void LogNotConfirmed(ILogger logger, string queue, string error, string reason);
}
