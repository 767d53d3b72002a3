using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Model;
using ServiceQueue.Realtime.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// The ticket pages following their tickets. An event of a queue (from the one Watch stream) schedules one
/// refresh of that queue's followers a moment later, so a burst costs one Broker lookup per follower; each
/// follower is told its new state only when it changed, and the end once its holder no longer finds the ticket.
/// </summary>
internal sealed partial class TicketFollowers(
    BrokerCommands broker,
    QueueNames names,
    IHubContext<TicketHub> hub,
    IOptions<RealtimeOptions> options,
    IOptions<BranchOptions> branches,
    IHostApplicationLifetime lifetime,
    ILogger<TicketFollowers> logger)
{
    public const string TicketChangedMethod = "TicketChanged";
    public const string TicketEndedMethod = "TicketEnded";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TicketFollower> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<QueueAddress, HashSet<TicketFollower>> _byQueue = [];
    private readonly HashSet<QueueAddress> _scheduled = [];
    private readonly string _defaultBranch = branches.Value.Default;

    /// <summary>Tickets followed here now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byConnection.Count;
            }
        }
    }

    /// <summary>The connection follows this ticket from now on (instead of any it followed before).</summary>
    public void Follow(TicketFollower follower)
    {
        lock (_gate)
        {
            RemoveUnderGate(follower.ConnectionId);
            _byConnection[follower.ConnectionId] = follower;
            FollowersOf(follower.Queue).Add(follower);
        }

        // An event between the page's lookup and joining here would otherwise go unseen.
        _ = RefreshLaterAsync([follower]);
    }

    public void Leave(string connectionId)
    {
        lock (_gate)
        {
            RemoveUnderGate(connectionId);
        }
    }

    /// <summary>Something happened in these queues: their followers are refreshed shortly. Never blocks the fan-out.</summary>
    public void Notify(IReadOnlyList<QueueAddress> queues)
    {
        lock (_gate)
        {
            foreach (var queue in queues)
            {
                if (!_byQueue.ContainsKey(queue) || !_scheduled.Add(queue))
                {
                    continue;
                }

                _ = RefreshQueueAsync(queue);
            }
        }
    }

    private async Task RefreshQueueAsync(QueueAddress queue)
    {
        await Task.Delay(options.Value.TicketRefreshDelay, CancellationToken.None);
        List<TicketFollower> followers;
        lock (_gate)
        {
            // Events from here on schedule another refresh: none is lost between this read and the lookups.
            _scheduled.Remove(queue);
            followers = _byQueue.TryGetValue(queue, out var set) ? [.. set] : [];
        }

        await Task.WhenAll(followers.Select(RefreshAsync));
    }

    private async Task RefreshLaterAsync(IReadOnlyList<TicketFollower> followers)
    {
        await Task.Delay(options.Value.TicketRefreshDelay, CancellationToken.None);
        await Task.WhenAll(followers.Select(RefreshAsync));
    }

    private async Task RefreshAsync(TicketFollower follower)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await follower.Refreshing.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (follower.Ended)
            {
                return;
            }

            var found = await broker.FindTicketByHolderAsync(follower.HolderHash, stopping);
            if (found is null)
            {
                await EndAsync(follower, stopping);
                return;
            }

            var queue = found.Ticket.AddressOf(_defaultBranch);
            if (queue != follower.Queue)
            {
                Move(follower, queue);
            }

            var status = found.ToStatus(await names.NameOfAsync(queue, stopping), _defaultBranch);
            if (status == follower.LastSent)
            {
                return;
            }

            follower.LastSent = status;
            await hub.Clients.Client(follower.ConnectionId).SendAsync(TicketChangedMethod, status, stopping);
        }
        catch (Exception error)
        {
            // Work nobody awaits must not fail silently or stop: the next event of the queue refreshes it again.
            LogRefreshFailed(logger, error.GetType().Name);
        }
        finally
        {
            follower.Refreshing.Release();
        }
    }

    /// <summary>The holder no longer finds the ticket: it ended (the ticket id says how), and the page is told once.</summary>
    private async Task EndAsync(TicketFollower follower, CancellationToken cancellationToken)
    {
        TicketEndedView ended;
        try
        {
            var ticket = (await broker.GetTicketAsync(follower.TicketId, cancellationToken)).Ticket;
            if (ticket.IsOpen())
            {
                // Open but not found by its holder: nothing to tell yet.
                return;
            }

            ended = ticket.ToEnded() ?? new TicketEndedView("removed");
        }
        catch (HubException error) when (error.Message.StartsWith("unknown_ticket", StringComparison.Ordinal) || error.Message.StartsWith("not_found", StringComparison.Ordinal))
        {
            // Gone altogether (expired from the Broker): ended, however it did.
            ended = new TicketEndedView("removed");
        }

        follower.Ended = true;
        lock (_gate)
        {
            if (_byConnection.GetValueOrDefault(follower.ConnectionId) == follower)
            {
                RemoveUnderGate(follower.ConnectionId);
            }
        }

        await hub.Clients.Client(follower.ConnectionId).SendAsync(TicketEndedMethod, ended, cancellationToken);
    }

    private void Move(TicketFollower follower, QueueAddress queue)
    {
        lock (_gate)
        {
            if (_byConnection.GetValueOrDefault(follower.ConnectionId) != follower)
            {
                return;
            }

            Forget(follower.Queue, follower);
            follower.Queue = queue;
            FollowersOf(queue).Add(follower);
        }
    }

    /// <summary>Under the gate.</summary>
    private void RemoveUnderGate(string connectionId)
    {
        if (_byConnection.Remove(connectionId, out var previous))
        {
            previous.Ended = true;
            Forget(previous.Queue, previous);
        }
    }

    /// <summary>Under the gate.</summary>
    private HashSet<TicketFollower> FollowersOf(QueueAddress queue)
    {
        if (!_byQueue.TryGetValue(queue, out var followers))
        {
            _byQueue[queue] = followers = [];
        }

        return followers;
    }

    /// <summary>Under the gate: nothing is kept for a queue nobody follows.</summary>
    private void Forget(QueueAddress queue, TicketFollower follower)
    {
        if (_byQueue.TryGetValue(queue, out var followers) && followers.Remove(follower) && followers.Count == 0)
        {
            _byQueue.Remove(queue);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "A ticket page's refresh failed ({Failure}); the next event of its queue tries again")]
    private static partial void LogRefreshFailed(ILogger logger, string failure);
}
