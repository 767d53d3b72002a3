using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// What both hubs share as clients of the fan-out: every connection is registered, so all can be closed
/// when the fan-out starts again from now, and a subscription is the Broker's snapshot of a queue joined
/// to the fan-out at that snapshot's cursor.
/// </summary>
internal abstract class FanOutHub(BrokerCommands broker, QueueFanOut fanOut, ConnectionRegistry connections) : Hub
{
    // A snapshot older than the events held here is retaken; three in a row mean the fan-out cannot keep up.
    private const int SnapshotAttempts = 3;

    protected BrokerCommands Broker => broker;

    protected QueueFanOut FanOut => fanOut;

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        fanOut.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// The queue's snapshot, once <paramref name="joinAt"/> (given its cursor) has joined this connection to
    /// the fan-out; <paramref name="joinAt"/> answers false when the snapshot is too old to continue.
    /// </summary>
    protected async Task<GetQueueResponse> JoinAtSnapshotAsync(QueueAddress queue, Func<ulong, CancellationToken, Task<bool>> joinAt)
    {
        for (var attempt = 0; attempt < SnapshotAttempts; attempt++)
        {
            var snapshot = await broker.GetQueueAsync(queue, Context.ConnectionAborted);
            if (await joinAt(snapshot.Cursor, Context.ConnectionAborted))
            {
                return snapshot;
            }
        }

        throw BrokerErrors.Unavailable();
    }
}
