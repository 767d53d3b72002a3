using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.Messaging;

/// <summary>
/// Records the Consumer's <c>request.rejected</c> events so <c>GET /service-requests/{id}</c> can answer
/// <c>rejected</c>. Manual acks, each only after its row is committed; a failed write is returned to the
/// queue. Attaches in the background (the Api serves without RabbitMQ) and re-attaches when its channel
/// closes; connection failures are the client's automatic recovery.
/// </summary>
internal sealed partial class RejectionListener(
    IServiceProvider services, RejectedRequestStore store, TimeProvider clock, ILogger<RejectionListener> logger) : BackgroundService
{
    private const ushort Prefetch = 16;
    private static readonly TimeSpan ReattachDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var amqp = await IntakeConnection.GetAsync(services, stoppingToken);
                // During automatic recovery the connection is closed and the client restores the channel itself.
                if (amqp.IsOpen && _channel is null or { IsClosed: true })
                {
                    await AttachAsync(amqp, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                LogAttachFailed(logger, error.GetType().Name, error.Message);
            }

            try
            {
                await Task.Delay(ReattachDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (_channel is { IsOpen: true } open)
        {
            await open.CloseAsync(CancellationToken.None);
        }
    }

    private async Task AttachAsync(IConnection amqp, CancellationToken cancellationToken)
    {
        _channel?.Dispose();
        var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        await IntakeTopology.DeclareRequestsExchangeAsync(channel, cancellationToken);
        await ApiTopology.DeclareRejectionsAsync(channel, cancellationToken);
        await channel.BasicQosAsync(0, Prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivered) => OnReceivedAsync(channel, delivered, cancellationToken);
        _channel = channel;
        await channel.BasicConsumeAsync(ApiTopology.RejectionsQueue, autoAck: false, consumer, cancellationToken);
        LogAttached(logger, ApiTopology.RejectionsQueue);
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs delivered, CancellationToken stoppingToken)
    {
        RequestRejectedEvent? rejection;
        try
        {
            rejection = JsonSerializer.Deserialize(delivered.Body.Span, IntakeJsonContext.Default.RequestRejectedEvent);
        }
        catch (JsonException)
        {
            rejection = null;
        }

        // A request without a usable id (its own body was unreadable) cannot be asked about: nothing to record.
        if (rejection?.RequestId is not { } requestId || !ServiceRequestRules.IsRequestId(requestId))
        {
            LogSkipped(logger, delivered.DeliveryTag);
            await channel.BasicAckAsync(delivered.DeliveryTag, multiple: false, CancellationToken.None);
            return;
        }

        try
        {
            await store.RecordAsync(requestId, rejection, stoppingToken);
            await channel.BasicAckAsync(delivered.DeliveryTag, multiple: false, CancellationToken.None);
            LogRecorded(logger, requestId, rejection.Reason ?? "unknown");
        }
        catch (Exception error)
        {
            LogRecordFailed(logger, requestId, error.GetType().Name, error.Message);
            try
            {
                await Task.Delay(RetryDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the event goes back to the queue below all the same.
            }

            if (channel.IsOpen)
            {
                await channel.BasicNackAsync(delivered.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for rejected requests on {Queue}")]
    private static partial void LogAttached(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not attach to RabbitMQ for rejections ({Error}: {Reason}); retrying")]
    private static partial void LogAttachFailed(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded the rejection of request {RequestId}: {Reason}")]
    private static partial void LogRecorded(ILogger logger, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A rejection event without a usable request id was skipped (delivery {DeliveryTag})")]
    private static partial void LogSkipped(ILogger logger, ulong deliveryTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the rejection of request {RequestId} ({Error}: {Reason}); returned to the queue")]
    private static partial void LogRecordFailed(ILogger logger, string requestId, string error, string reason);
}
