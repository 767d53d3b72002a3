using Grpc.Core;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;

namespace ServiceQueue.Consumer.Grpc;

/// <summary>
/// The queue definitions the filter checks against, from <c>Broker.ListQueues</c>: trusted for the
/// cache TTL, updated at once on a <c>queue_updated</c> event from <c>Watch</c>, and reloaded (at most
/// once a second) before a request is refused as unknown or closed. The Broker stays authoritative at
/// enqueue time: it refuses with the same reasons whatever this copy says.
/// </summary>
internal sealed partial class QueueCatalog(
    QueueBroker.QueueBrokerClient broker, IOptions<IntakeOptions> options, TimeProvider clock, ILogger<QueueCatalog> logger) : BackgroundService
{
    private static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WatchRetryDelay = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private volatile Snapshot? _snapshot;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>
    /// A refusal the definitions justify, or null when the request may go to the Broker. A refusal is
    /// only given from definitions loaded after the delivery arrived (<paramref name="notBefore"/>), so a
    /// queue created or reopened just before the request is never refused from an older copy.
    /// </summary>
    public async ValueTask<Rejection?> CheckAsync(string queue, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > options.Value.QueueCacheTtl)
        {
            snapshot = await ReloadAsync(snapshot, cancellationToken);
        }

        if (RejectionFrom(snapshot, queue) is null)
        {
            return null;
        }

        if (snapshot!.LoadedAt < notBefore)
        {
            snapshot = await ReloadAsync(snapshot, cancellationToken);
        }

        // Still older than the request (reloads are throttled): the Broker decides.
        return snapshot is not null && snapshot.LoadedAt >= notBefore ? RejectionFrom(snapshot, queue) : null;
    }

    private Rejection? RejectionFrom(Snapshot? snapshot, string queue)
    {
        // A copy past its TTL that could not be reloaded proves nothing: the Broker decides.
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > options.Value.QueueCacheTtl)
        {
            return null;
        }

        if (!snapshot.Queues.TryGetValue(queue, out var definition))
        {
            return new Rejection(RejectionReason.UnknownQueue, $"no queue {queue}");
        }

        return definition.Open ? null : new Rejection(RejectionReason.QueueClosed, $"queue {queue} is closed");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var request = new WatchRequest { FromNow = true };
                var first = true;
                // No deadline: the stream follows the Broker until it fails, then is opened again.
                using var call = broker.Watch(request, cancellationToken: stoppingToken);
                await foreach (var item in call.ResponseStream.ReadAllAsync(stoppingToken))
                {
                    // Changes made between the last load and the stream's start are covered by loading once it runs.
                    if (first)
                    {
                        first = false;
                        _lastAttempt = DateTimeOffset.MinValue;
                        await ReloadAsync(null, stoppingToken);
                    }

                    if (item.Event is { Type: EventType.QueueUpdated, Definition: { } definition })
                    {
                        Apply(definition);
                    }
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a cancelled Watch ends as CANCELLED or as OperationCanceledException, depending on when.
                return;
            }
            catch (Exception error)
            {
                LogWatchFailed(logger, error.GetType().Name);
            }

            await Task.Delay(WatchRetryDelay, clock, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private void Apply(QueueDefinition definition)
    {
        if (_snapshot is { } current)
        {
            var queues = new Dictionary<string, QueueDefinition>(current.Queues, StringComparer.Ordinal) { [definition.Code] = definition };
            _snapshot = current with { Queues = queues };
        }
    }

    private async Task<Snapshot?> ReloadAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken);
        try
        {
            // Another caller reloaded while this one waited, or a reload was just tried (the Broker may be down).
            if ((seen is not null && !ReferenceEquals(_snapshot, seen)) || clock.GetUtcNow() - _lastAttempt < MinReloadInterval)
            {
                return _snapshot;
            }

            _lastAttempt = clock.GetUtcNow();

            var response = await broker.ListQueuesAsync(new ListQueuesRequest(), cancellationToken: cancellationToken);
            var queues = response.Queues.Where(static q => q.Definition is not null)
                .ToDictionary(static q => q.Definition.Code, static q => q.Definition, StringComparer.Ordinal);
            return _snapshot = new Snapshot(queues, clock.GetUtcNow());
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            // Without definitions the Broker alone decides; an outage shows as a transient Enqueue failure.
            LogListFailed(logger, error.GetType().Name);
            return _snapshot;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    public override void Dispose()
    {
        _reloadGate.Dispose();
        base.Dispose();
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, QueueDefinition> Queues, DateTimeOffset LoadedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load queue definitions from the Broker ({Error}); the Broker decides alone until it answers")]
    private static partial void LogListFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Broker's event stream ended ({Error}); following it again shortly")]
    private static partial void LogWatchFailed(ILogger logger, string error);
}
