using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Consumer.BrokerClient;

/// <summary>
/// The queue definitions the filter checks against, branch by branch, from <c>Broker.ListQueues</c> of that
/// branch: trusted for the cache TTL, updated at once on a <c>queue_updated</c> event from <c>Watch</c>, and
/// reloaded (at most once a second per branch) before a request is refused as unknown or closed. A queue is
/// named by its address, so <c>GEN</c> of one branch never answers for <c>GEN</c> of another. The Broker stays
/// authoritative at enqueue time: it refuses with the same reasons whatever this copy says.
/// </summary>
internal sealed partial class QueueCatalog(
    QueueBroker.QueueBrokerClient broker,
    IOptions<IntakeOptions> options,
    IOptions<BranchOptions> branches,
    TimeProvider clock,
    ILogger<QueueCatalog> logger) : BackgroundService
{
    /// <summary>Branches whose definitions are kept at once: far above the design's 200, a bound against keys naming ever new branches.</summary>
    public const int MaxBranches = 1_024;

    private static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WatchRetryDelay = TimeSpan.FromSeconds(2);

    private readonly string _defaultBranch = branches.Value.Default;
    private readonly ConcurrentDictionary<string, BranchCopy> _branches = new(StringComparer.Ordinal);

    /// <summary>How many branches' definitions are held now (never more than <see cref="MaxBranches"/> for long).</summary>
    public int BranchCount => _branches.Count;

    /// <summary>
    /// A refusal the definitions justify, or null when the request may go to the Broker. A refusal is
    /// only given from definitions loaded after the delivery arrived (<paramref name="notBefore"/>), so a
    /// queue created or reopened just before the request is never refused from an older copy.
    /// </summary>
    public async ValueTask<Rejection?> CheckAsync(QueueAddress queue, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var copy = CopyOf(queue.Branch);
        var snapshot = copy.Snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > options.Value.QueueCacheTtl)
        {
            snapshot = await ReloadAsync(copy, snapshot, cancellationToken);
        }

        if (RejectionFrom(snapshot, queue) is null)
        {
            return null;
        }

        if (snapshot!.LoadedAt < notBefore)
        {
            snapshot = await ReloadAsync(copy, snapshot, cancellationToken);
        }

        // Still older than the request (reloads are throttled): the Broker decides.
        return snapshot is not null && snapshot.LoadedAt >= notBefore ? RejectionFrom(snapshot, queue) : null;
    }

    private Rejection? RejectionFrom(Snapshot? snapshot, QueueAddress queue)
    {
        // A copy past its TTL that could not be reloaded proves nothing: the Broker decides.
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > options.Value.QueueCacheTtl)
        {
            return null;
        }

        var name = queue.Branch == _defaultBranch ? queue.Code : $"{queue.Code} in branch {queue.Branch}";
        if (!snapshot.Queues.TryGetValue(queue.Code, out var definition))
        {
            return new Rejection(RejectionReason.UnknownQueue, $"no queue {name}");
        }

        return definition.Open ? null : new Rejection(RejectionReason.QueueClosed, $"queue {name} is closed");
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
                        await RestartAsync(stoppingToken);
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

    /// <summary>The default branch is loaded again at once, as before branches; another branch's copy is dropped and loaded when next asked for.</summary>
    private async Task RestartAsync(CancellationToken cancellationToken)
    {
        foreach (var copy in _branches.Values.Where(copy => copy.Branch != _defaultBranch))
        {
            copy.Snapshot = null;
            copy.LastAttempt = DateTimeOffset.MinValue;
        }

        var home = CopyOf(_defaultBranch);
        home.LastAttempt = DateTimeOffset.MinValue;
        await ReloadAsync(home, null, cancellationToken);
    }

    private void Apply(QueueDefinition definition)
    {
        var branch = string.IsNullOrEmpty(definition.Branch) ? _defaultBranch : definition.Branch;
        if (_branches.TryGetValue(branch, out var copy) && copy.Snapshot is { } current)
        {
            var queues = new Dictionary<string, QueueDefinition>(current.Queues, StringComparer.Ordinal) { [definition.Code] = definition };
            copy.Snapshot = current with { Queues = queues };
        }
    }

    private BranchCopy CopyOf(string branch)
    {
        if (_branches.TryGetValue(branch, out var known))
        {
            return known;
        }

        var copy = _branches.GetOrAdd(branch, static code => new BranchCopy(code));
        if (_branches.Count > MaxBranches)
        {
            Evict(keep: copy);
        }

        return copy;
    }

    /// <summary>Drops the copies loaded longest ago (never the default branch's, nor the one just asked for) until the bound holds.</summary>
    private void Evict(BranchCopy keep)
    {
        var oldest = _branches.Values
            .Where(copy => copy != keep && copy.Branch != _defaultBranch)
            .OrderBy(static copy => copy.Snapshot?.LoadedAt ?? DateTimeOffset.MinValue)
            .Take(_branches.Count - MaxBranches)
            .ToList();
        foreach (var copy in oldest)
        {
            // A caller still holding it only loses its copy's later reuse: the next request loads the branch again.
            _branches.TryRemove(copy.Branch, out _);
        }
    }

    private async Task<Snapshot?> ReloadAsync(BranchCopy copy, Snapshot? seen, CancellationToken cancellationToken)
    {
        await copy.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller reloaded while this one waited, or a reload was just tried (the Broker may be down).
            if ((seen is not null && !ReferenceEquals(copy.Snapshot, seen)) || clock.GetUtcNow() - copy.LastAttempt < MinReloadInterval)
            {
                return copy.Snapshot;
            }

            copy.LastAttempt = clock.GetUtcNow();

            // The default branch is asked for as none, the request the Broker has always answered.
            var request = new ListQueuesRequest { Branch = copy.Branch == _defaultBranch ? string.Empty : copy.Branch };
            var response = await broker.ListQueuesAsync(request, cancellationToken: cancellationToken);
            var queues = response.Queues.Where(static q => q.Definition is not null)
                .ToDictionary(static q => q.Definition.Code, static q => q.Definition, StringComparer.Ordinal);
            return copy.Snapshot = new Snapshot(queues, clock.GetUtcNow());
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            // Without definitions the Broker alone decides; an outage shows as a transient Enqueue failure.
            LogListFailed(logger, copy.Branch, error.GetType().Name);
            return copy.Snapshot;
        }
        finally
        {
            copy.Gate.Release();
        }
    }

    public override void Dispose()
    {
        foreach (var copy in _branches.Values)
        {
            copy.Gate.Dispose();
        }

        base.Dispose();
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, QueueDefinition> Queues, DateTimeOffset LoadedAt);

    /// <summary>One branch's definitions, and the gate and throttle of its reloads, so one branch's slow load never holds up another's.</summary>
    private sealed class BranchCopy(string branch)
    {
        private Snapshot? _snapshot;

        public string Branch { get; } = branch;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Snapshot? Snapshot
        {
            get => Volatile.Read(ref _snapshot);
            set => Volatile.Write(ref _snapshot, value);
        }

        public DateTimeOffset LastAttempt { get; set; } = DateTimeOffset.MinValue;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the queue definitions of branch {Branch} from the Broker ({Error}); the Broker decides alone until it answers")]
    private static partial void LogListFailed(ILogger logger, string branch, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Broker's event stream ended ({Error}); following it again shortly")]
    private static partial void LogWatchFailed(ILogger logger, string error);
}
