using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// A calling board's outbox: the calls not yet sent, each sent as <c>NowCalling</c>. A board shows the
/// latest calls, so past <c>capacity</c> the oldest waiting call is dropped rather than the board held back.
/// </summary>
internal sealed class DisplayOutbox(string connectionId, IHubClients clients, int capacity, ILogger logger)
    : ConnectionOutbox(connectionId, clients, logger)
{
    public const string NowCallingMethod = "NowCalling";

    private readonly Queue<NowCalling> _calls = new();
    private readonly HashSet<QueueAddress> _queues = [];

    /// <summary>Shows <paramref name="queue"/>'s calls from now on, starting with those since the snapshot.</summary>
    public Task Follow(QueueAddress queue, IEnumerable<NowCalling> missed)
    {
        lock (Sync)
        {
            _queues.Add(queue);
            foreach (var call in missed)
            {
                Add(call);
            }

            ScheduleUnderSync();
            return InFlightUnderSync;
        }
    }

    public void Stop(QueueAddress queue)
    {
        lock (Sync)
        {
            _queues.Remove(queue);
        }
    }

    /// <summary>A call in <paramref name="queue"/>: shown only by a board following that address, so one office never shows another's calls.</summary>
    public void Post(QueueAddress queue, NowCalling call)
    {
        lock (Sync)
        {
            if (_queues.Contains(queue))
            {
                Add(call);
                ScheduleUnderSync();
            }
        }
    }

    protected override List<OutboxMessage>? TakeUnderSync()
    {
        if (_calls.Count == 0)
        {
            return null;
        }

        var messages = _calls.Select(call => new OutboxMessage(NowCallingMethod, call)).ToList();
        _calls.Clear();
        return messages;
    }

    private void Add(NowCalling call)
    {
        if (_calls.Count >= capacity)
        {
            _calls.Dequeue();
        }

        _calls.Enqueue(call);
    }
}
