using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Model;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The public calling board's hub: anonymous and read-only. It only ever sends numbers, desks and
/// times (<see cref="NowCalling"/>), never anything about the person.
/// </summary>
[AllowAnonymous]
internal sealed class DisplayHub(BrokerCommands broker, QueueFanOut fanOut, ConnectionRegistry connections) : FanOutHub(broker, fanOut, connections)
{
    public const string Path = "/hubs/display";

    // The board shows the current call and a few before it.
    private const int RecentCalls = 6;

    /// <summary>The queue's latest calls (tickets called or being served, newest call first); then every new call.</summary>
    public async Task<DisplaySnapshot> Subscribe(string queueCode)
    {
        var queue = queueCode?.Trim() ?? string.Empty;
        if (queue.Length == 0)
        {
            throw new HubException("invalid_argument: Name a queue.");
        }

        var snapshot = await JoinAtSnapshotAsync(queue, (cursor, aborted) => FanOut.JoinDisplayAsync(Context.ConnectionId, queue, cursor, aborted));
        return new DisplaySnapshot(
            snapshot.Definition.Code,
            snapshot.Definition.Name,
            snapshot.Cursor,
            [.. snapshot.Active.OrderByDescending(t => t.LastCalledAt ?? t.CalledAt).Take(RecentCalls).Select(t => t.ToNowCalling())]);
    }

    public void Unsubscribe(string queueCode) => FanOut.LeaveDisplay(Context.ConnectionId, queueCode?.Trim() ?? string.Empty);
}
