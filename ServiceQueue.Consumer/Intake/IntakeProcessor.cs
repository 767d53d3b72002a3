using System.Diagnostics;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using ServiceQueue.Consumer.Grpc;
using ServiceQueue.Consumer.Messaging;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.Consumer.Telemetry;

namespace ServiceQueue.Consumer.Intake;

/// <summary>
/// Settles one delivery, exactly one of: ack after the Broker confirmed the ticket; ack after the
/// rejection was published and confirmed; nack with requeue when the Broker stayed unreachable for the
/// local attempts (the quorum queue then counts the delivery), or, on the last delivery the limit
/// allows, a dead-letter as <c>delivery_limit</c>. Nothing is acked that was not settled elsewhere.
/// </summary>
internal sealed partial class IntakeProcessor(
    RequestValidator validator,
    QueueCatalog catalog,
    BrokerIntakeClient broker,
    RejectionPublisher publisher,
    IntakeTelemetry telemetry,
    IOptions<IntakeOptions> options,
    TimeProvider clock,
    ILogger<IntakeProcessor> logger)
{
    private readonly IntakeOptions _options = options.Value;

    public async Task ProcessAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        telemetry.Consumed.Add(1);
        using var activity = IntakeTelemetry.StartProcessing(delivery.Properties.Headers);
        var outcome = "requeued";
        try
        {
            outcome = await SettleAsync(delivery, activity, cancellationToken);
        }
        catch (Exception error)
        {
            // Stopping, or RabbitMQ failed us mid-settlement: the delivery goes back (or is redelivered when the channel closed).
            activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            LogReturned(logger, delivery.DeliveryTag, error.GetType().Name);
            await NackAsync(delivery);
        }
        finally
        {
            activity?.SetTag("servicequeue.intake.outcome", outcome);
            telemetry.Duration.Record(clock.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<string> SettleAsync(Delivery delivery, Activity? activity, CancellationToken cancellationToken)
    {
        var checkedRequest = validator.Validate(delivery.Body.Span, delivery.Properties.MessageId);
        activity?.SetTag("servicequeue.request_id", checkedRequest.RequestId);
        activity?.SetTag("servicequeue.queue", checkedRequest.Queue);
        if (checkedRequest.Request is not { } request)
        {
            return await RejectAsync(delivery, checkedRequest.RequestId, checkedRequest.Queue, checkedRequest.Rejection!, cancellationToken);
        }

        if (await catalog.CheckAsync(request.Queue, delivery.ReceivedAt, cancellationToken) is { } refused)
        {
            return await RejectAsync(delivery, request.RequestId, request.Queue, refused, cancellationToken);
        }

        string? failure = null;
        for (var attempt = 1; attempt <= _options.LocalAttempts; attempt++)
        {
            var result = await broker.EnqueueAsync(request, cancellationToken);
            if (result.TicketId is not null)
            {
                await delivery.Channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
                telemetry.Enqueued.Add(1);
                LogEnqueued(logger, request.RequestId, request.Queue, result.Existing);
                return result.Existing ? "duplicate" : "enqueued";
            }

            if (result.Rejection is { } rejection)
            {
                return await RejectAsync(delivery, request.RequestId, request.Queue, rejection, cancellationToken);
            }

            failure = result.TransientFailure;
            if (attempt < _options.LocalAttempts)
            {
                telemetry.Retried.Add(1);
                await Task.Delay(BackoffOf(attempt), clock, cancellationToken);
            }
        }

        // The queue's own x-delivery-limit would drop the reason header; the last allowed delivery is dead-lettered here instead.
        if (delivery.DeliveryCount >= _options.DeliveryLimit - 1)
        {
            var detail = $"the Broker stayed unavailable ({failure}) over {delivery.DeliveryCount + 1} deliveries";
            return await RejectAsync(delivery, request.RequestId, request.Queue, new Rejection(RejectionReason.DeliveryLimit, detail), cancellationToken);
        }

        LogBrokerUnavailable(logger, request.RequestId, failure, delivery.DeliveryCount);
        await delivery.Channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, cancellationToken);
        telemetry.Requeued.Add(1);
        return "requeued";
    }

    private async Task<string> RejectAsync(Delivery delivery, string? requestId, string? queue, Rejection rejection, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(delivery, requestId, queue, rejection, cancellationToken);
        await delivery.Channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        var reason = new KeyValuePair<string, object?>("reason", rejection.Reason);
        telemetry.Rejected.Add(1, reason);
        telemetry.DeadLettered.Add(1, reason);
        LogRejected(logger, requestId, rejection.Reason, rejection.Detail);
        return rejection.Reason;
    }

    private TimeSpan BackoffOf(int attempt)
    {
        var delay = _options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var capped = delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay;
        // Jitter so that many deliveries waiting on one outage do not return in lockstep.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private async Task NackAsync(Delivery delivery)
    {
        try
        {
            if (delivery.Channel.IsOpen)
            {
                await delivery.Channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                telemetry.Requeued.Add(1);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The channel is gone: RabbitMQ redelivers every unacked message of a closed channel.
            LogNackFailed(logger, delivery.DeliveryTag, error.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {RequestId} is a ticket in queue {Queue} (already known: {Existing})")]
    private static partial void LogEnqueued(ILogger logger, string requestId, string queue, bool existing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} dead-lettered: {Reason} ({Detail})")]
    private static partial void LogRejected(ILogger logger, string? requestId, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} returned to the queue: the Broker failed ({Failure}); deliveries so far {DeliveryCount}")]
    private static partial void LogBrokerUnavailable(ILogger logger, string requestId, string? failure, long deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryTag} returned unsettled ({Error})")]
    private static partial void LogReturned(ILogger logger, ulong deliveryTag, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryTag} could not be returned ({Error}); RabbitMQ redelivers it with the channel")]
    private static partial void LogNackFailed(ILogger logger, ulong deliveryTag, string error);
}
