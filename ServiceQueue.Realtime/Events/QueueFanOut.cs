using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Options;
using ServiceQueue.Realtime.Security;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// Hands each event of the Broker's stream to the outboxes of the connections following its queue, and
/// lets a subscriber join exactly at its snapshot's cursor. Nothing here awaits a socket: each outbox
/// writes to its own connection, so one slow client holds back nobody else. Joining and handing out
/// happen under one lock, so an event is either among those replayed to a joiner or posted to it, never both.
/// </summary>
internal sealed partial class QueueFanOut(
    EventWindow window,
    IHubContext<QueuesHub> queues,
    IHubContext<DisplayHub> displays,
    CustomerCardReader cards,
    TicketFollowers tickets,
    QueueNames queueNames,
    IOptions<RealtimeOptions> options,
    IOptions<BranchOptions> branches,
    ILogger<QueueFanOut> logger)
{
    private readonly Lock _gate = new();
    private readonly string _defaultBranch = branches.Value.Default;

    // Keyed by queue address: GEN of one branch and GEN of another are different audiences.
    private readonly Dictionary<QueueAddress, QueueAudience> _audiences = [];
    private readonly Dictionary<string, ConnectionOutbox> _outboxes = new(StringComparer.Ordinal);

    /// <summary>Queues someone follows here now.</summary>
    public int FollowedQueues
    {
        get
        {
            lock (_gate)
            {
                return _audiences.Count;
            }
        }
    }

    public void Publish(QueueEvent e)
    {
        // Rendered once for all recipients (the customer's name is decrypted once, not once per client).
        var address = e.AddressOf(_defaultBranch);
        var fanned = new FannedOutEvent(e.Cursor, address, QueuesOf(e, address), e.ToView(CardOf, _defaultBranch), IsCall(e) ? e.Ticket.ToNowCalling(_defaultBranch) : null);
        lock (_gate)
        {
            foreach (var queue in fanned.Queues)
            {
                if (_audiences.TryGetValue(queue, out var audience))
                {
                    foreach (var staff in audience.Staff)
                    {
                        staff.Post(queue, fanned.View);
                    }
                }
            }

            if (fanned.Call is { } call && _audiences.TryGetValue(fanned.Queue, out var board))
            {
                foreach (var display in board.Displays)
                {
                    display.Post(fanned.Queue, call);
                }
            }

            window.Append(fanned);
        }

        if (e.Type == EventType.QueueUpdated)
        {
            queueNames.Forget(address);
        }

        tickets.Notify(fanned.Queues);
    }

    public void Advance(ulong cursor)
    {
        lock (_gate)
        {
            window.Advance(cursor);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            window.Reset();
        }
    }

    /// <summary>
    /// Follows the queue for the connection as of <paramref name="snapshotCursor"/>; false when the events
    /// since then are no longer held here, or are more than a connection may have waiting (the caller
    /// takes a newer snapshot). <paramref name="label"/> is how the client named the queue.
    /// </summary>
    public async Task<bool> JoinQueueAsync(string connectionId, QueueAddress queue, string label, ulong snapshotCursor, CancellationToken cancellationToken)
    {
        await WaitForFanOutAsync(snapshotCursor, cancellationToken);
        Task inFlight;
        lock (_gate)
        {
            if (!TryGetMissed(snapshotCursor, out var missed))
            {
                return false;
            }

            var mine = missed.Where(e => e.Queues.Contains(queue)).Select(e => e.View).ToList();
            if (mine.Count > options.Value.ConnectionBacklog)
            {
                LogSnapshotTooOld(logger, snapshotCursor, window.Position);
                return false;
            }

            var outbox = OutboxOf(connectionId, id => new StaffOutbox(id, queues.Clients, options.Value.ConnectionBacklog, logger));
            inFlight = outbox.Follow(queue, label, snapshotCursor, mine);
            AudienceOf(queue).Staff.Add(outbox);
        }

        // A batch of an earlier subscription still being written must reach the client before this snapshot.
        await inFlight.WaitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> JoinDisplayAsync(string connectionId, QueueAddress queue, ulong snapshotCursor, CancellationToken cancellationToken)
    {
        await WaitForFanOutAsync(snapshotCursor, cancellationToken);
        lock (_gate)
        {
            if (!TryGetMissed(snapshotCursor, out var missed))
            {
                return false;
            }

            var outbox = OutboxOf(connectionId, id => new DisplayOutbox(id, displays.Clients, options.Value.ConnectionBacklog, logger));
            _ = outbox.Follow(queue, missed.Where(e => e.Call is not null && e.Queue == queue).Select(e => e.Call!));
            AudienceOf(queue).Displays.Add(outbox);
            return true;
        }
    }

    public void LeaveQueue(string connectionId, QueueAddress queue)
    {
        lock (_gate)
        {
            if (_outboxes.GetValueOrDefault(connectionId) is StaffOutbox outbox)
            {
                outbox.Stop(queue);
                Forget(queue, audience => audience.Staff.Remove(outbox));
            }
        }
    }

    public void LeaveDisplay(string connectionId, QueueAddress queue)
    {
        lock (_gate)
        {
            if (_outboxes.GetValueOrDefault(connectionId) is DisplayOutbox outbox)
            {
                outbox.Stop(queue);
                Forget(queue, audience => audience.Displays.Remove(outbox));
            }
        }
    }

    /// <summary>The connection has ended: its outbox and its place in every audience go.</summary>
    public void Disconnect(string connectionId)
    {
        lock (_gate)
        {
            if (!_outboxes.Remove(connectionId, out var outbox))
            {
                return;
            }

            outbox.Close();
            foreach (var queue in _audiences.Keys.ToList())
            {
                Forget(queue, audience => outbox is StaffOutbox staff ? audience.Staff.Remove(staff) : audience.Displays.Remove((DisplayOutbox)outbox));
            }
        }
    }

    private async Task WaitForFanOutAsync(ulong snapshotCursor, CancellationToken cancellationToken)
    {
        // The snapshot may be ahead of the fan-out (the stream lags the script by a moment): wait for it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SubscribeTimeout);
        try
        {
            await window.WaitForAsync(snapshotCursor, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFanOutBehind(logger, snapshotCursor, window.Position);
            throw BrokerErrors.Unavailable();
        }
    }

    /// <summary>Under the gate.</summary>
    private bool TryGetMissed(ulong snapshotCursor, out List<FannedOutEvent> missed)
    {
        if (window.TryGetAfter(snapshotCursor, out missed))
        {
            return true;
        }

        LogSnapshotTooOld(logger, snapshotCursor, window.Position);
        return false;
    }

    /// <summary>Under the gate.</summary>
    private T OutboxOf<T>(string connectionId, Func<string, T> create)
        where T : ConnectionOutbox
    {
        if (_outboxes.GetValueOrDefault(connectionId) is T existing)
        {
            return existing;
        }

        var outbox = create(connectionId);
        _outboxes[connectionId] = outbox;
        return outbox;
    }

    /// <summary>Under the gate.</summary>
    private QueueAudience AudienceOf(QueueAddress queue)
    {
        if (!_audiences.TryGetValue(queue, out var audience))
        {
            _audiences[queue] = audience = new QueueAudience();
        }

        return audience;
    }

    /// <summary>Under the gate: changes the queue's audience, and drops it once nobody follows the queue.</summary>
    private void Forget(QueueAddress queue, Func<QueueAudience, bool> remove)
    {
        if (_audiences.TryGetValue(queue, out var audience) && remove(audience) && audience.IsEmpty)
        {
            _audiences.Remove(queue);
        }
    }

    private CustomerCard? CardOf(Ticket ticket) => cards.CardOf(ticket.RequestId, ticket.Customer);

    /// <summary>A transfer concerns both queues: it leaves one and arrives in the other, in the same branch (the Broker refuses any other).</summary>
    // An alert is for the queue's supervisors, not for everyone following the queue: it reaches no queue subscriber here.
    private static QueueAddress[] QueuesOf(QueueEvent e, QueueAddress address) =>
        e.Alert is not null ? [] : string.IsNullOrEmpty(e.TargetQueue) || e.TargetQueue == e.Queue ? [address] : [address, address with { Code = e.TargetQueue }];

    private static bool IsCall(QueueEvent e) => e.Type is EventType.Called or EventType.Recalled && e.Ticket is not null;

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The fan-out did not reach a snapshot's cursor {SnapshotCursor} in time (at {Position}): is the Broker's stream followed?")]
    private static partial void LogFanOutBehind(ILogger logger, ulong snapshotCursor, ulong? position);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "A snapshot at cursor {SnapshotCursor} is older than the events held (fan-out at {Position}); taking a newer one")]
    private static partial void LogSnapshotTooOld(ILogger logger, ulong snapshotCursor, ulong? position);
}
