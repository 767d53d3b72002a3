using System.Diagnostics;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using ServiceQueue.Consumer.BrokerClient;
using ServiceQueue.Consumer.Messaging;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.Consumer.Telemetry;

namespace ServiceQueue.Consumer.Intake;

/// <summary>
/// Settles each delivery of a batch, exactly one of: ack after the Broker confirmed the ticket; ack after
/// the rejection was published and confirmed; nack with requeue when the Broker stayed unreachable for the
/// local attempts (the quorum queue then counts the delivery), or, on the last delivery the limit allows,
/// a dead-letter as <c>delivery_limit</c>. Nothing is acked that was not settled elsewhere. The requests
/// that pass validation go to the Broker together (one <c>EnqueueBatch</c>); each is settled by its own result.
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

    public async Task ProcessAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        var outer = Activity.Current;
        var items = new List<Item>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            telemetry.Consumed.Add(1);
            items.Add(new Item(delivery, IntakeTelemetry.StartProcessing(delivery.Properties.Headers), clock.GetTimestamp()));
            // Each delivery's span continues its own publisher's trace; none is the ambient parent of the others.
            Activity.Current = outer;
        }

        try
        {
            var toBroker = new List<Item>(items.Count);
            foreach (var item in items)
            {
                await SettleAlone(item, () => CheckAsync(item, toBroker, cancellationToken));
            }

            if (toBroker.Count > 0)
            {
                await EnqueueAsync(toBroker, cancellationToken);
            }
        }
        catch (Exception error)
        {
            // Stopping during a retry's wait: whatever is not settled yet goes back.
            foreach (var item in items.Where(static i => i.Outcome is null))
            {
                await ReturnAsync(item, error);
            }
        }
        finally
        {
            foreach (var item in items)
            {
                var outcome = item.Outcome ?? "requeued";
                item.Activity?.SetTag("servicequeue.intake.outcome", outcome);
                item.Activity?.Dispose();
                telemetry.Duration.Record(clock.GetElapsedTime(item.Started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
            }

            Activity.Current = outer;
        }
    }

    /// <summary>Validation and the queue filter: a rejection settles the item here, a valid request joins the batch for the Broker.</summary>
    private async Task<string?> CheckAsync(Item item, List<Item> toBroker, CancellationToken cancellationToken)
    {
        var delivery = item.Delivery;
        var checkedRequest = validator.Validate(delivery.Body.Span, delivery.Properties.MessageId, delivery.RoutingKey);
        item.Activity?.SetTag("servicequeue.request_id", checkedRequest.RequestId);
        item.Activity?.SetTag("servicequeue.queue", checkedRequest.Queue);
        item.Activity?.SetTag("servicequeue.branch", checkedRequest.Branch);
        if (checkedRequest.Request is not { } request)
        {
            return await RejectAsync(delivery, checkedRequest.RequestId, checkedRequest.Queue, checkedRequest.Branch, checkedRequest.Rejection!, cancellationToken);
        }

        if (await catalog.CheckAsync(request.Address, delivery.ReceivedAt, cancellationToken) is { } refused)
        {
            return await RejectAsync(delivery, request.RequestId, request.Queue, request.Branch, refused, cancellationToken);
        }

        item.Request = request;
        toBroker.Add(item);
        return null;
    }

    private async Task EnqueueAsync(List<Item> toBroker, CancellationToken cancellationToken)
    {
        var waiting = toBroker;
        var failure = (string?)null;
        for (var attempt = 1; attempt <= _options.LocalAttempts && waiting.Count > 0; attempt++)
        {
            var results = await CallBrokerAsync(waiting, cancellationToken);
            var transient = new List<Item>();
            for (var i = 0; i < waiting.Count; i++)
            {
                var (item, result) = (waiting[i], results[i]);
                if (result.TransientFailure is { } transientFailure)
                {
                    failure = transientFailure;
                    transient.Add(item);
                    continue;
                }

                await SettleAlone(item, () => SettleAsync(item, result, cancellationToken));
            }

            waiting = transient;
            if (waiting.Count > 0 && attempt < _options.LocalAttempts)
            {
                telemetry.Retried.Add(waiting.Count);
                await Task.Delay(BackoffOf(attempt), clock, cancellationToken);
            }
        }

        foreach (var item in waiting)
        {
            await SettleAlone(item, () => GiveBackAsync(item, failure, cancellationToken));
        }
    }

    /// <summary>One Broker call for the batch, in a span that links every delivery's and continues the first one's trace.</summary>
    private async Task<IReadOnlyList<EnqueueResult>> CallBrokerAsync(List<Item> items, CancellationToken cancellationToken)
    {
        var outer = Activity.Current;
        Activity? call = null;
        if (items.Count == 1)
        {
            Activity.Current = items[0].Activity ?? outer;
        }
        else
        {
            var links = items.Where(static i => i.Activity is not null).Select(static i => new ActivityLink(i.Activity!.Context));
            call = IntakeTelemetry.StartBatch(items[0].Activity?.Context ?? default, links, items.Count);
        }

        try
        {
            return await broker.EnqueueBatchAsync(items.Select(static i => i.Request!).ToList(), cancellationToken);
        }
        finally
        {
            call?.Dispose();
            Activity.Current = outer;
        }
    }

    private async Task<string?> SettleAsync(Item item, EnqueueResult result, CancellationToken cancellationToken)
    {
        var (delivery, request) = (item.Delivery, item.Request!);
        if (result.TicketId is not null)
        {
            await delivery.Channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            telemetry.Enqueued.Add(1);
            LogEnqueued(logger, request.RequestId, request.Queue, request.Branch, result.Existing);
            return result.Existing ? "duplicate" : "enqueued";
        }

        return await RejectAsync(delivery, request.RequestId, request.Queue, request.Branch, result.Rejection!, cancellationToken);
    }

    private async Task<string?> GiveBackAsync(Item item, string? failure, CancellationToken cancellationToken)
    {
        var (delivery, request) = (item.Delivery, item.Request!);
        // The queue's own x-delivery-limit would drop the reason header; the last allowed delivery is dead-lettered here instead.
        if (delivery.DeliveryCount >= _options.DeliveryLimit - 1)
        {
            var detail = $"the Broker stayed unavailable ({failure}) over {delivery.DeliveryCount + 1} deliveries";
            return await RejectAsync(delivery, request.RequestId, request.Queue, request.Branch, new Rejection(RejectionReason.DeliveryLimit, detail), cancellationToken);
        }

        LogBrokerUnavailable(logger, request.RequestId, failure, delivery.DeliveryCount);
        await delivery.Channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, cancellationToken);
        telemetry.Requeued.Add(1);
        return "requeued";
    }

    /// <summary>Runs one item's settlement; if RabbitMQ fails it there, that item alone goes back (or is redelivered with its channel).</summary>
    private async Task SettleAlone(Item item, Func<Task<string?>> settle)
    {
        try
        {
            item.Outcome = await settle();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            await ReturnAsync(item, error);
        }
    }

    private async Task ReturnAsync(Item item, Exception error)
    {
        item.Activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        LogReturned(logger, item.Delivery.DeliveryTag, error.GetType().Name);
        await NackAsync(item.Delivery);
        item.Outcome = "requeued";
    }

    private async Task<string> RejectAsync(
        Delivery delivery, string? requestId, string? queue, string? branch, Rejection rejection, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(delivery, requestId, queue, branch, rejection, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {RequestId} is a ticket in queue {Queue} of branch {Branch} (already known: {Existing})")]
    private static partial void LogEnqueued(ILogger logger, string requestId, string queue, string branch, bool existing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} dead-lettered: {Reason} ({Detail})")]
    private static partial void LogRejected(ILogger logger, string? requestId, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} returned to the queue: the Broker failed ({Failure}); deliveries so far {DeliveryCount}")]
    private static partial void LogBrokerUnavailable(ILogger logger, string requestId, string? failure, long deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryTag} returned unsettled ({Error})")]
    private static partial void LogReturned(ILogger logger, ulong deliveryTag, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryTag} could not be returned ({Error}); RabbitMQ redelivers it with the channel")]
    private static partial void LogNackFailed(ILogger logger, ulong deliveryTag, string error);
}
