using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The ticket page's hub: anonymous, rate-limited, and holding nothing but the token's proof. A connection
/// follows the one ticket whose token it presents (the Broker finds it by the token's SHA-256) and learns
/// its number, place, estimate and desk; a malformed, unknown or ended token gets the same <c>not_found</c>.
/// </summary>
[AllowAnonymous]
internal sealed class TicketHub(BrokerCommands broker, QueueNames names, TicketFollowers followers, ConnectionRegistry connections, IOptions<BranchOptions> branches)
    : Hub
{
    public const string Path = "/hubs/ticket";

    /// <summary>Recorded as the actor of a holder's own cancellation.</summary>
    public const string CustomerActor = "customer";

    private string DefaultBranch => branches.Value.Default;

    private CancellationToken Aborted => Context.ConnectionAborted;

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        followers.Leave(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The ticket's state now; then <c>TicketChanged(status)</c> on every change and <c>TicketEnded({ outcome })</c> at its end.</summary>
    public async Task<TicketStatusView> Follow(string token)
    {
        var holder = HolderOf(token);
        var found = await broker.FindTicketByHolderAsync(holder, Aborted) ?? throw NotFound();
        var queue = found.Ticket.AddressOf(DefaultBranch);
        var status = found.ToStatus(await names.NameOfAsync(queue, Aborted), DefaultBranch);
        followers.Follow(new TicketFollower(Context.ConnectionId, holder, found.Ticket.Id, queue, status));
        return status;
    }

    /// <summary>"I no longer need this": removes the ticket (waiting, called or parked) with the reason statistics count as the customer's.</summary>
    public async Task<TicketEndedView> Cancel(string token)
    {
        var found = await broker.FindTicketByHolderAsync(HolderOf(token), Aborted) ?? throw NotFound();
        var request = new RemoveRequest { TicketId = found.Ticket.Id, Reason = TicketRemovalReasons.CustomerCancelled, Actor = CustomerActor };
        var removed = await broker.RemoveAsync(request, Aborted);
        return removed.Ticket.ToEnded() ?? new TicketEndedView("cancelled");
    }

    // A malformed token is answered exactly like an unknown one: nothing is revealed either way.
    private static string HolderOf(string? token) =>
        TicketHolderToken.IsWellFormed(token) ? TicketHolderToken.Hash(token) : throw NotFound();

    private static HubException NotFound() => new("not_found: This ticket is not known, or it has ended.");
}
