using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Grpc;
using ServiceQueue.Realtime.Model;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The public calling board's hub: anonymous and read-only. It only ever sends numbers, desks and
/// times (<see cref="NowCalling"/>), never anything about the person.
/// </summary>
[AllowAnonymous]
internal sealed class DisplayHub(BrokerCommands broker, QueueFanOut fanOut, ConnectionRegistry connections) : Hub
{
    public const string Path = "/hubs/display";

    // The board shows the current call and a few before it.
    private const int RecentCalls = 6;
    private const int SnapshotAttempts = 3;

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The queue's latest calls (tickets called or being served, newest call first); then every new call.</summary>
    public async Task<DisplaySnapshot> Subscribe(string queueCode)
    {
        var queue = queueCode?.Trim() ?? string.Empty;
        if (queue.Length == 0)
        {
            throw new HubException("invalid_argument: Name a queue.");
        }

        for (var attempt = 0; attempt < SnapshotAttempts; attempt++)
        {
            var snapshot = await broker.GetQueueAsync(queue, Context.ConnectionAborted);
            if (await fanOut.JoinDisplayAsync(Context.ConnectionId, queue, snapshot.Cursor, Context.ConnectionAborted))
            {
                return new DisplaySnapshot(
                    snapshot.Definition.Code,
                    snapshot.Definition.Name,
                    snapshot.Cursor,
                    [.. snapshot.Active.OrderByDescending(t => t.LastCalledAt ?? t.CalledAt).Take(RecentCalls).Select(t => t.ToNowCalling())]);
            }
        }

        throw BrokerErrors.Unavailable();
    }

    public Task Unsubscribe(string queueCode) =>
        fanOut.LeaveDisplayAsync(Context.ConnectionId, queueCode?.Trim() ?? string.Empty, Context.ConnectionAborted);
}
