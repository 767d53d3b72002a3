using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Grpc;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Options;
using ServiceQueue.Realtime.Security;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// Sends each event of the Broker's stream to the SignalR groups of its queue, and lets a subscriber
/// join a group exactly at its snapshot's cursor: the events between that cursor and the fan-out's
/// position are replayed to it alone, then it joins, both while no event is being fanned out.
/// </summary>
internal sealed partial class QueueFanOut(
    EventWindow window,
    IHubContext<QueuesHub> queues,
    IHubContext<DisplayHub> displays,
    CustomerCardReader cards,
    IOptions<RealtimeOptions> options,
    ILogger<QueueFanOut> logger)
{
    public const string QueueEventMethod = "QueueEvent";
    public const string NowCallingMethod = "NowCalling";

    public async Task PublishAsync(QueueEvent e, CancellationToken cancellationToken)
    {
        await window.Gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var queue in QueuesOf(e))
            {
                await queues.Clients.Group(HubGroups.Staff(queue)).SendAsync(QueueEventMethod, e.ToView(CardOf), cancellationToken);
            }

            if (IsCall(e))
            {
                await displays.Clients.Group(HubGroups.Display(e.Queue)).SendAsync(NowCallingMethod, e.Ticket.ToNowCalling(), cancellationToken);
            }

            window.Append(e);
        }
        finally
        {
            window.Gate.Release();
        }
    }

    public async Task AdvanceAsync(ulong cursor, CancellationToken cancellationToken)
    {
        await window.Gate.WaitAsync(cancellationToken);
        try
        {
            window.Advance(cursor);
        }
        finally
        {
            window.Gate.Release();
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await window.Gate.WaitAsync(cancellationToken);
        try
        {
            window.Reset();
        }
        finally
        {
            window.Gate.Release();
        }
    }

    /// <summary>
    /// Adds the connection to the queue's staff group as of <paramref name="snapshotCursor"/>; false when
    /// the events since then are no longer held here (the caller takes a newer snapshot).
    /// </summary>
    public Task<bool> JoinQueueAsync(string connectionId, string queue, ulong snapshotCursor, CancellationToken cancellationToken) =>
        JoinAsync(
            snapshotCursor,
            async (missed, token) =>
            {
                // Subscribing again (a new snapshot) must not leave the connection in the group already.
                await queues.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Staff(queue), token);
                var client = queues.Clients.Client(connectionId);
                foreach (var e in missed.Where(e => QueuesOf(e).Contains(queue, StringComparer.Ordinal)))
                {
                    await client.SendAsync(QueueEventMethod, e.ToView(CardOf), token);
                }

                await queues.Groups.AddToGroupAsync(connectionId, HubGroups.Staff(queue), token);
            },
            cancellationToken);

    public Task<bool> JoinDisplayAsync(string connectionId, string queue, ulong snapshotCursor, CancellationToken cancellationToken) =>
        JoinAsync(
            snapshotCursor,
            async (missed, token) =>
            {
                var client = displays.Clients.Client(connectionId);
                foreach (var e in missed.Where(e => IsCall(e) && e.Queue == queue))
                {
                    await client.SendAsync(NowCallingMethod, e.Ticket.ToNowCalling(), token);
                }

                await displays.Groups.AddToGroupAsync(connectionId, HubGroups.Display(queue), token);
            },
            cancellationToken);

    public Task LeaveQueueAsync(string connectionId, string queue, CancellationToken cancellationToken) =>
        queues.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Staff(queue), cancellationToken);

    public Task LeaveDisplayAsync(string connectionId, string queue, CancellationToken cancellationToken) =>
        displays.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Display(queue), cancellationToken);

    private async Task<bool> JoinAsync(ulong snapshotCursor, Func<List<QueueEvent>, CancellationToken, Task> join, CancellationToken cancellationToken)
    {
        // The snapshot may be ahead of the fan-out (the stream lags the script by a moment): wait for it.
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
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

        await window.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!window.TryGetAfter(snapshotCursor, out var missed))
            {
                LogSnapshotTooOld(logger, snapshotCursor, window.Position);
                return false;
            }

            await join(missed, cancellationToken);
            return true;
        }
        finally
        {
            window.Gate.Release();
        }
    }

    private CustomerCard? CardOf(Ticket ticket) => cards.CardOf(ticket.RequestId, ticket.Customer);

    /// <summary>A transfer concerns both queues: it leaves one and arrives in the other.</summary>
    private static IEnumerable<string> QueuesOf(QueueEvent e) =>
        string.IsNullOrEmpty(e.TargetQueue) || e.TargetQueue == e.Queue ? [e.Queue] : [e.Queue, e.TargetQueue];

    private static bool IsCall(QueueEvent e) => e.Type is EventType.Called or EventType.Recalled && e.Ticket is not null;

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The fan-out did not reach a snapshot's cursor {SnapshotCursor} in time (at {Position}): is the Broker's stream followed?")]
    private static partial void LogFanOutBehind(ILogger logger, ulong snapshotCursor, ulong? position);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "A snapshot at cursor {SnapshotCursor} is older than the events held (fan-out at {Position}); taking a newer one")]
    private static partial void LogSnapshotTooOld(ILogger logger, ulong snapshotCursor, ulong? position);
}
