using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Intake;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The supervisor page's hub (issue 18): a branch's floor at a glance and a queue drilled into. Every method checks
/// that the caller supervises the branch concerned (an Admin supervises every branch). A watched branch is pushed
/// <c>FloorChanged</c> (at most once per <c>Realtime:FloorPushInterval</c>) whenever its queues or attendants
/// change, and the page reads the floor again; each alert raised, updated, acknowledged or cleared in the branch is
/// pushed as <c>Alert</c> within the same interval; nothing the page shows carries customer data. The hub admits any member
/// of staff (a token's <c>role</c> is one role, while a person may supervise one branch and attend in another), and a
/// connection of someone who supervises no branch is ended at once.
/// </summary>
[Authorize(Policy = ServiceQueuePolicies.Staff)]
internal sealed class SupervisorHub(BrokerCommands broker, IOptions<BranchOptions> branches, TimeProvider time) : Hub
{
    public const string Path = "/hubs/supervisor";

    private string DefaultBranch => branches.Value.Default;

    private HubCaller Caller => new(Context.User!, DefaultBranch);

    private CancellationToken Aborted => Context.ConnectionAborted;

    /// <summary>The branch's group of watchers: what <see cref="FloorNotifier"/> pushes to.</summary>
    public static string GroupOf(string branch) => $"floor:{branch}";

    public override Task OnConnectedAsync() =>
        Caller.SupervisesAnywhere ? base.OnConnectedAsync() : throw new HubException("forbidden: Only supervisors and admins may watch the floor.");

    /// <summary>The branches the caller supervises, by code: an Admin's are every branch the Broker holds queues in.</summary>
    public async Task<IReadOnlyList<string>> Branches()
    {
        var caller = Caller;
        return caller.IsAdmin
            ? [.. (await broker.ListBranchesAsync(Aborted)).Branches.Select(b => BrokerBranches.Or(b, DefaultBranch)).Distinct().Order(StringComparer.Ordinal)]
            : [.. caller.Access.Branches.Where(caller.Access.SupervisesIn)];
    }

    /// <summary>Starts pushing the branch's changes to this connection and returns its floor as it is now.</summary>
    public async Task<FloorView> Watch(string branch)
    {
        var code = RequireSupervised(branch);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(code), Aborted);
        return await ReadFloorAsync(code);
    }

    public async Task Unwatch(string branch) =>
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(RequireSupervised(branch)), Aborted);

    public Task<FloorView> Floor(string branch) => ReadFloorAsync(RequireSupervised(branch));

    /// <summary>One queue's tickets (first page of the waiting, every active and parked one) and the desks serving it.</summary>
    public async Task<FloorQueueDetailView> Queue(string queue)
    {
        var named = queue?.Trim() ?? string.Empty;
        if (!QueueAddress.TryParse(named, DefaultBranch, out var address))
        {
            throw new HubException("invalid_argument: A queue is named CODE or BRANCH.CODE (A-Z, 0-9, '_' and '-').");
        }

        RequireSupervised(address.Branch);
        var snapshot = broker.GetQueueAsync(address, Aborted);
        var floor = await ReadFloorAsync(address.Branch);
        var summary = floor.Queues.SingleOrDefault(q => q.Code == address.Code)
            ?? throw new HubException($"not_found: Queue {named} does not exist.");
        var tickets = await snapshot;
        // No customer card reader: the floor shows numbers, waits and desks, never who the customer is.
        var view = tickets.ToView(cardOf: null, DefaultBranch);
        return new FloorQueueDetailView(
            summary,
            view.Waiting,
            view.Active,
            view.Parked,
            [.. floor.Attendants.Where(a => a.Queues.Contains(address.Code, StringComparer.Ordinal))]);
    }

    private async Task<FloorView> ReadFloorAsync(string branch)
    {
        var queues = broker.ListQueuesAsync(branch, Aborted);
        var presence = broker.ListPresenceAsync(branch, Aborted);
        var alerts = broker.ListAlertsAsync(branch, Aborted);
        return FloorViews.ToFloor(branch, time.GetUtcNow(), await queues, await presence, await alerts, DefaultBranch);
    }

    private string RequireSupervised(string? branch)
    {
        var code = string.IsNullOrWhiteSpace(branch) ? DefaultBranch : branch.Trim().ToUpperInvariant();
        if (!ServiceRequestRules.IsQueueCode(code))
        {
            throw new HubException("invalid_argument: A branch is named by its code (A-Z, 0-9, '_' and '-').");
        }

        var caller = Caller;
        return caller.IsAdmin || caller.Access.SupervisesIn(code)
            ? code
            : throw new HubException($"forbidden: You do not supervise branch {code}.");
    }
}
