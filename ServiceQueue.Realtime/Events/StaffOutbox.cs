using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// A <c>/hubs/queues</c> connection's outbox: for each queue it follows, the events not yet sent and the
/// cursor the client has reached. Each drain sends one <c>QueueEvents</c> per queue with news. Past
/// <c>capacity</c> waiting events, every queue of the connection gets <c>Resync</c> and nothing more.
/// </summary>
internal sealed partial class StaffOutbox(string connectionId, IHubClients clients, int capacity, ILogger logger)
    : ConnectionOutbox(connectionId, clients, logger)
{
    public const string QueueEventsMethod = "QueueEvents";
    public const string ResyncMethod = "Resync";
    public const string BehindReason = "behind";

    private readonly Dictionary<QueueAddress, Lane> _lanes = [];
    private int _waiting;

    /// <summary>
    /// Follows <paramref name="queue"/> from its snapshot's cursor, starting with the events since then;
    /// returns the write in progress, which the snapshot's answer must not overtake. Messages name the
    /// queue as <paramref name="label"/> (how the client named it: a bare code stays a bare code for old clients).
    /// </summary>
    public Task Follow(QueueAddress queue, string label, ulong snapshotCursor, IReadOnlyList<QueueEventView> missed)
    {
        lock (Sync)
        {
            Drop(queue);
            var lane = new Lane(label, snapshotCursor);
            _lanes[queue] = lane;
            foreach (var e in missed)
            {
                Add(lane, e);
            }

            ScheduleUnderSync();
            return InFlightUnderSync;
        }
    }

    public void Stop(QueueAddress queue)
    {
        lock (Sync)
        {
            Drop(queue);
        }
    }

    public void Post(QueueAddress queue, QueueEventView e)
    {
        lock (Sync)
        {
            if (_lanes.TryGetValue(queue, out var lane) && !lane.Resync)
            {
                Add(lane, e);
                ScheduleUnderSync();
            }
        }
    }

    protected override List<OutboxMessage>? TakeUnderSync()
    {
        List<OutboxMessage>? messages = null;
        List<QueueAddress>? ended = null;
        foreach (var (queue, lane) in _lanes)
        {
            if (lane.Resync)
            {
                (messages ??= []).Add(new OutboxMessage(ResyncMethod, new ResyncNotice(lane.Label, queue.ToString(), BehindReason)));
                (ended ??= []).Add(queue);
            }
            else if (lane.Events.Count > 0)
            {
                (messages ??= []).Add(new OutboxMessage(QueueEventsMethod, new QueueEventBatch(lane.Label, queue.ToString(), lane.After, [.. lane.Events])));
                lane.After = lane.Events[^1].Cursor;
                _waiting -= lane.Events.Count;
                lane.Events.Clear();
            }
        }

        ended?.ForEach(queue => _lanes.Remove(queue));
        return messages;
    }

    private void Add(Lane lane, QueueEventView e)
    {
        if (_waiting < capacity)
        {
            lane.Events.Add(e);
            _waiting++;
            return;
        }

        // Too far behind to be worth catching up event by event: a fresh snapshot is cheaper and bounded.
        LogTooFarBehind(Logger, capacity, _lanes.Count);
        foreach (var behind in _lanes.Values)
        {
            behind.Events.Clear();
            behind.Resync = true;
        }

        _waiting = 0;
    }

    private void Drop(QueueAddress queue)
    {
        if (_lanes.Remove(queue, out var old))
        {
            _waiting -= old.Events.Count;
        }
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "A hub connection fell {Backlog} events behind; its {Queues} queue(s) are told to resync")]
    private static partial void LogTooFarBehind(ILogger logger, int backlog, int queues);

    private sealed class Lane(string label, ulong after)
    {
        public string Label { get; } = label;

        public ulong After { get; set; } = after;

        public List<QueueEventView> Events { get; } = [];

        public bool Resync { get; set; }
    }
}
