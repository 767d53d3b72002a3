using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Options;
using ServiceQueue.Broker.Storage;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Events;

/// <summary>
/// Follows the event stream for the whole process: one reader, fanned out to every Watch. It reads
/// when the scripts' doorbell rings and at least every <see cref="BrokerOptions.PollInterval"/>, so a
/// bell missed while Redis was away costs only latency, never an event.
/// </summary>
internal sealed partial class EventPump(
    QueueStore store,
    IConnectionMultiplexer redis,
    IOptions<BrokerOptions> options,
    ILogger<EventPump> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly List<EventSubscription> _subscriptions = [];
    private readonly SemaphoreSlim _bell = new(0, 1);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    /// <summary>The last cursor fanned out.</summary>
    public long Position
    {
        get
        {
            lock (_lock)
            {
                return _position;
            }
        }
    }

    /// <summary>Joins the fan-out once the pump knows where the stream ends.</summary>
    public async Task<EventSubscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        lock (_lock)
        {
            var subscription = new EventSubscription(_position, options.Value.WatchBufferSize, Unsubscribe);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Asks the pump to read now (the doorbell; also useful after a local write).</summary>
    public void Ring()
    {
        try
        {
            _bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung: one read covers every event so far.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        var subscribed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started.Task.IsCompleted)
                {
                    if (!subscribed)
                    {
                        // Once: the client restores its subscriptions itself after a reconnect.
                        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(settings.KeyPrefix + "ev:bell"), (_, _) => Ring());
                        subscribed = true;
                    }

                    var tail = await store.ReadEventsAsync(0, 0, stoppingToken);
                    lock (_lock)
                    {
                        _position = tail.Last;
                    }

                    _started.TrySetResult();
                    LogStarted(logger, tail.Last);
                }

                await DrainAsync(settings.ReadPageSize, stoppingToken);
                if (failures > 0)
                {
                    LogRecovered(logger, failures);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Redis away: keep trying at the poll pace; subscribers keep their heartbeats meanwhile.
                if (failures++ == 0)
                {
                    LogReadFailed(logger, ex);
                }
            }

            try
            {
                await _bell.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        lock (_lock)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.End(new BrokerException(BrokerErrorCode.Unavailable, "shutting_down", "the Broker is stopping; call Watch again after the last cursor received"));
            }

            _subscriptions.Clear();
        }
    }

    private async Task DrainAsync(int pageSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await store.ReadEventsAsync(Position, pageSize, cancellationToken);
            if (page.Last < Position)
            {
                // Redis came back with fewer events than were fanned out (lost beyond its AOF): every
                // follower's cursor may now name a different event, so all must take a fresh snapshot.
                lock (_lock)
                {
                    LogStreamWentBack(logger, _position, page.Last);
                    foreach (var subscription in _subscriptions)
                    {
                        subscription.End(new BrokerException(BrokerErrorCode.OutOfRange, "stream_reset", "the event stream lost recent events; take a fresh snapshot"));
                    }

                    _subscriptions.Clear();
                    _position = page.Last;
                }

                return;
            }

            if (page.Events.Count == 0)
            {
                return;
            }

            lock (_lock)
            {
                foreach (var brokerEvent in page.Events)
                {
                    if (brokerEvent.Cursor <= _position)
                    {
                        continue;
                    }

                    // Offer removes nobody itself; a subscriber ended for slowness is dropped here.
                    _subscriptions.RemoveAll(s => !s.Offer(brokerEvent));
                    _position = brokerEvent.Cursor;
                }
            }

            if (page.Events.Count < pageSize)
            {
                return;
            }
        }
    }

    private void Unsubscribe(EventSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event pump following the stream after cursor {Cursor}")]
    private static partial void LogStarted(ILogger logger, long cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event pump cannot read the stream; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event stream went back from cursor {Position} to {Last}; ending every Watch so clients take a fresh snapshot")]
    private static partial void LogStreamWentBack(ILogger logger, long position, long last);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event pump reading again after {Failures} failed attempts")]
    private static partial void LogRecovered(ILogger logger, int failures);
}
