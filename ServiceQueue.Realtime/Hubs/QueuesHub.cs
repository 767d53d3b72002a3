using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Model;
using ServiceQueue.Realtime.Security;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The attendant console's hub (contracts.md section 4). A queue is named by its address (<c>NORTH.GEN</c>,
/// or a bare code of the default branch). Every method checks the caller's role in the branch concerned
/// and their served queues, then forwards to the Broker with the caller's identity; the Broker enforces
/// the ticket's state machine. Commands return the ticket as it is after the change.
/// </summary>
[Authorize(Policy = ServiceQueuePolicies.Staff)]
internal sealed partial class QueuesHub(BrokerCommands broker, QueueFanOut fanOut, CustomerCardReader cards, ConnectionRegistry connections, IOptions<BranchOptions> branches)
    : FanOutHub(broker, fanOut, connections)
{
    public const string Path = "/hubs/queues";

    private string DefaultBranch => branches.Value.Default;

    private HubCaller Caller => new(Context.User!, DefaultBranch);

    private CancellationToken Aborted => Context.ConnectionAborted;

    /// <summary>The queues the caller may subscribe to, in every branch they belong to, by branch then code.</summary>
    public async Task<IReadOnlyList<QueueDefinitionView>> ListQueues()
    {
        var caller = Caller;
        // An Admin's are every branch the Broker holds queues in; anyone else's, the branches their token holds a role in.
        IReadOnlyList<string> branches = caller.IsAdmin ? [.. (await Broker.ListBranchesAsync(Aborted)).Branches] : caller.Access.Branches;
        var lists = await Task.WhenAll(branches.Select(branch => Broker.ListQueuesAsync(branch, Aborted)));
        return
        [
            .. lists.SelectMany(list => list.Queues).Select(q => q.Definition)
                .Where(d => d is not null && caller.Access.Serves(d.AddressOf(DefaultBranch)))
                .Select(d => d.ToView(DefaultBranch))
                .DistinctBy(d => d.Address)
                .OrderBy(d => d.Branch, StringComparer.Ordinal).ThenBy(d => d.Code, StringComparer.Ordinal),
        ];
    }

    public async Task<QueueSnapshotView> Subscribe(string queue)
    {
        var caller = Caller;
        var address = caller.RequireQueue(queue);
        // The queue's events carry customers' names: a role without that right has nothing to follow here.
        if (!PersonalDataPolicy.MaySeeCustomerName(caller.User))
        {
            throw new HubException("forbidden: Your role may not follow queues.");
        }

        var label = queue.Trim();
        var snapshot = await JoinAtSnapshotAsync(address, (cursor, aborted) => FanOut.JoinQueueAsync(Context.ConnectionId, address, label, cursor, aborted));
        return snapshot.ToView(CardOf, DefaultBranch);
    }

    /// <summary>More of a queue's waiting tickets than the snapshot holds: the page after <paramref name="offset"/> places.</summary>
    public async Task<WaitingPageView> WaitingPage(string queue, int offset)
    {
        var caller = Caller;
        var address = caller.RequireQueue(queue);
        if (!PersonalDataPolicy.MaySeeCustomerName(caller.User))
        {
            throw new HubException("forbidden: Your role may not follow queues.");
        }

        if (offset < 0)
        {
            throw new HubException("invalid_argument: The offset is 0 or more.");
        }

        return (await Broker.GetQueueAsync(address, offset, Aborted)).ToWaitingPage(CardOf, DefaultBranch);
    }

    public void Unsubscribe(string queue) => FanOut.LeaveQueue(Context.ConnectionId, Caller.RequireQueue(queue));

    public async Task<TicketView?> CallNext(string queue, string? desk)
    {
        var caller = Caller;
        var address = caller.RequireQueue(queue);
        var request = new CallNextRequest { Queue = address.Code, Branch = address.Branch, Attendant = caller.Attendant, Desk = caller.RequireDesk(desk) };
        var response = await Broker.CallNextAsync(request, Aborted);
        return response.Ticket is null ? null : View(response.Ticket);
    }

    public async Task<TicketView> CallTicket(string ticketId, string? desk)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.CallTicketAsync(new CallTicketRequest { TicketId = ticketId, Attendant = caller.Attendant, Desk = caller.RequireDesk(desk) }, Aborted)).Ticket);
    }

    public async Task<TicketView> Recall(string ticketId)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.RecallAsync(new RecallRequest { TicketId = ticketId, Attendant = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> StartService(string ticketId)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.StartServiceAsync(new StartServiceRequest { TicketId = ticketId, Attendant = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> Complete(string ticketId, string outcome)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.CompleteAsync(new CompleteRequest { TicketId = ticketId, Attendant = caller.Attendant, Outcome = outcome ?? string.Empty }, Aborted)).Ticket);
    }

    public async Task<TicketView> MarkNoShow(string ticketId)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.MarkNoShowAsync(new MarkNoShowRequest { TicketId = ticketId, Attendant = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> Park(string ticketId)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.ParkAsync(new ParkRequest { TicketId = ticketId, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> Resume(string ticketId)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.ResumeAsync(new ResumeRequest { TicketId = ticketId, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    /// <summary>
    /// Sends a ticket of a queue the caller serves to another queue of the ticket's own branch (the service the
    /// customer needs next): a bare code names a queue of that branch; an address of another branch is refused.
    /// </summary>
    public async Task<TicketView> Transfer(string ticketId, string targetQueue)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        var target = targetQueue?.Trim() ?? string.Empty;
        var request = new TransferRequest { TicketId = ticketId, TargetQueue = target, Actor = caller.Attendant };
        if (target.Contains(QueueAddress.Separator, StringComparison.Ordinal))
        {
            if (!QueueAddress.TryParse(target, DefaultBranch, out var address))
            {
                throw new HubException("invalid_argument: A queue is named CODE or BRANCH.CODE (A-Z, 0-9, '_' and '-').");
            }

            // The Broker refuses a branch other than the ticket's (cross_branch_transfer).
            request.TargetQueue = address.Code;
            request.TargetBranch = address.Branch;
        }

        return View((await Broker.TransferAsync(request, Aborted)).Ticket);
    }

    public async Task<TicketView> Move(string ticketId, int position)
    {
        var caller = await AuthorizeTicketAsync(ticketId, supervising: "move");
        return View((await Broker.MoveAsync(new MoveRequest { TicketId = ticketId, Position = position, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> Remove(string ticketId, string reason)
    {
        var caller = await AuthorizeTicketAsync(ticketId, supervising: "remove");
        return View((await Broker.RemoveAsync(new RemoveRequest { TicketId = ticketId, Reason = reason ?? string.Empty, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    /// <summary>
    /// The caller must serve the queue the ticket is in now, in the ticket's branch; for a supervisor's action
    /// (<paramref name="supervising"/>) they must also supervise that branch.
    /// </summary>
    private async Task<HubCaller> AuthorizeTicketAsync(string ticketId, string? supervising = null)
    {
        var caller = Caller;
        if (supervising is not null)
        {
            // Refused before the lookup, so a caller who supervises nowhere learns nothing about the ticket.
            caller.RequireSupervisor(supervising);
        }

        if (string.IsNullOrWhiteSpace(ticketId))
        {
            throw new HubException("invalid_argument: Name a ticket.");
        }

        if (!caller.IsAdmin)
        {
            var ticket = (await Broker.GetTicketAsync(ticketId, Aborted)).Ticket;
            var queue = ticket.AddressOf(DefaultBranch);
            if (supervising is not null)
            {
                caller.RequireSupervisor(supervising, queue.Branch);
            }

            caller.RequireServes(queue);
        }

        return caller;
    }

    private TicketView View(Ticket ticket) =>
        ticket.ToView(PersonalDataPolicy.MaySeeCustomerName(Context.User) ? CardOf : null, DefaultBranch);

    private CustomerCard? CardOf(Ticket ticket) => cards.CardOf(ticket.RequestId, ticket.Customer);
}
