using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The public calling board's hub: anonymous and read-only. It only ever sends numbers, desks and
/// times (<see cref="NowCalling"/>), never anything about the person. A board follows queue addresses,
/// so it shows one office's calls and never another's.
/// </summary>
[AllowAnonymous]
internal sealed class DisplayHub(BrokerCommands broker, QueueFanOut fanOut, ConnectionRegistry connections, IOptions<BranchOptions> branches)
    : FanOutHub(broker, fanOut, connections)
{
    public const string Path = "/hubs/display";

    // The board shows the current call and a few before it.
    private const int RecentCalls = 6;

    private string DefaultBranch => branches.Value.Default;

    /// <summary>The queue's latest calls (tickets called or being served, newest call first); then every new call.</summary>
    /// <param name="queue">The queue's address, <c>NORTH.GEN</c>, or a bare code of the default branch.</param>
    public async Task<DisplaySnapshot> Subscribe(string queue)
    {
        var address = Parse(queue);
        var snapshot = await JoinAtSnapshotAsync(address, (cursor, aborted) => FanOut.JoinDisplayAsync(Context.ConnectionId, address, cursor, aborted));
        return new DisplaySnapshot(
            snapshot.Definition.Code,
            address.Branch,
            address.ToString(),
            snapshot.Definition.Name,
            snapshot.Cursor,
            [.. snapshot.Active.OrderByDescending(t => t.LastCalledAt ?? t.CalledAt).Take(RecentCalls).Select(t => t.ToNowCalling(DefaultBranch))]);
    }

    public void Unsubscribe(string queue)
    {
        if (QueueAddress.TryParse(queue?.Trim(), DefaultBranch, out var address))
        {
            FanOut.LeaveDisplay(Context.ConnectionId, address);
        }
    }

    private QueueAddress Parse(string? queue)
    {
        var named = queue?.Trim() ?? string.Empty;
        if (named.Length == 0)
        {
            throw new HubException("invalid_argument: Name a queue.");
        }

        return QueueAddress.TryParse(named, DefaultBranch, out var address)
            ? address
            : throw new HubException("invalid_argument: A queue is named CODE or BRANCH.CODE (A-Z, 0-9, '_' and '-').");
    }
}
