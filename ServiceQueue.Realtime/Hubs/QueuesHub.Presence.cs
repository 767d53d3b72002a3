using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The console's presence controls (issue 18) on the connection it already holds: the attendant is always the caller's
/// own identity, never a parameter, and the Broker keeps presence atomic with calling (a paused attendant cannot call).
/// </summary>
internal sealed partial class QueuesHub
{
    /// <summary>Signs the caller in to <paramref name="desk"/> and a work profile: queues of one branch that the caller serves.</summary>
    public async Task<PresenceView> SignIn(string desk, string[] queues)
    {
        var caller = Caller;
        if (queues is not { Length: > 0 })
        {
            throw new HubException("invalid_argument: Choose at least one queue.");
        }

        var addresses = queues.Select(caller.RequireQueue).Distinct().ToList();
        if (addresses.Select(a => a.Branch).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new HubException("invalid_argument: A desk belongs to one branch: choose queues of one branch.");
        }

        var request = new SignInRequest { Attendant = caller.Attendant, Branch = addresses[0].Branch, Desk = caller.RequireDesk(desk) };
        request.Queues.AddRange(addresses.Select(a => a.Code));
        return (await Broker.SignInAsync(request, Aborted)).Presence.ToView(DefaultBranch);
    }

    public async Task<PresenceView> Pause(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new HubException("invalid_argument: Choose a reason for the pause.");
        }

        return (await Broker.PauseAsync(new PauseRequest { Attendant = Caller.Attendant, Reason = reason.Trim() }, Aborted)).Presence.ToView(DefaultBranch);
    }

    public async Task<PresenceView> Unpause() =>
        (await Broker.UnpauseAsync(new UnpauseRequest { Attendant = Caller.Attendant }, Aborted)).Presence.ToView(DefaultBranch);

    public async Task<PresenceView> SignOut() =>
        (await Broker.SignOutAsync(new SignOutRequest { Attendant = Caller.Attendant }, Aborted)).Presence.ToView(DefaultBranch);

    /// <summary>The caller's presence in the branches they belong to (an Admin: every branch); null when signed in nowhere.</summary>
    public async Task<PresenceView?> MyPresence()
    {
        var caller = Caller;
        IReadOnlyList<string> branches = caller.IsAdmin ? [.. (await Broker.ListBranchesAsync(Aborted)).Branches] : caller.Access.Branches;
        var lists = await Task.WhenAll(branches.Select(branch => Broker.ListPresenceAsync(branch, Aborted)));
        return lists.SelectMany(list => list.Attendants).FirstOrDefault(p => p.Attendant == caller.Attendant)?.ToView(DefaultBranch);
    }
}
