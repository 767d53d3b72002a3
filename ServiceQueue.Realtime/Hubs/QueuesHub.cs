using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Model;
using ServiceQueue.Realtime.Security;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The attendant console's hub (contracts.md section 4). Every method checks the caller's role and
/// served queues, then forwards to the Broker with the caller's identity; the Broker enforces the
/// ticket's state machine. Commands return the ticket as it is after the change.
/// </summary>
[Authorize(Policy = ServiceQueuePolicies.Staff)]
internal sealed class QueuesHub(BrokerCommands broker, QueueFanOut fanOut, CustomerCardReader cards, ConnectionRegistry connections)
    : FanOutHub(broker, fanOut, connections)
{
    public const string Path = "/hubs/queues";

    private HubCaller Caller => new(Context.User!);

    private CancellationToken Aborted => Context.ConnectionAborted;

    /// <summary>The queues the caller may subscribe to.</summary>
    public async Task<IReadOnlyList<QueueDefinitionView>> ListQueues()
    {
        var caller = Caller;
        var response = await Broker.ListQueuesAsync(Aborted);
        return [.. response.Queues.Select(q => q.Definition).Where(d => d is not null && caller.Serves(d.Code)).Select(d => d.ToView()).OrderBy(d => d.Code, StringComparer.Ordinal)];
    }

    public async Task<QueueSnapshotView> Subscribe(string queueCode)
    {
        var caller = Caller;
        var queue = caller.RequireQueue(queueCode);
        // The queue's events carry customers' names: a role without that right has nothing to follow here.
        if (!PersonalDataPolicy.MaySeeCustomerName(caller.User))
        {
            throw new HubException("forbidden: Your role may not follow queues.");
        }

        var snapshot = await JoinAtSnapshotAsync(queue, (cursor, aborted) => FanOut.JoinQueueAsync(Context.ConnectionId, queue, cursor, aborted));
        return snapshot.ToView(CardOf);
    }

    /// <summary>More of a queue's waiting tickets than the snapshot holds: the page after <paramref name="offset"/> places.</summary>
    public async Task<WaitingPageView> WaitingPage(string queueCode, int offset)
    {
        var caller = Caller;
        var queue = caller.RequireQueue(queueCode);
        if (!PersonalDataPolicy.MaySeeCustomerName(caller.User))
        {
            throw new HubException("forbidden: Your role may not follow queues.");
        }

        if (offset < 0)
        {
            throw new HubException("invalid_argument: The offset is 0 or more.");
        }

        return (await Broker.GetQueueAsync(queue, offset, Aborted)).ToWaitingPage(CardOf);
    }

    public void Unsubscribe(string queueCode) => FanOut.LeaveQueue(Context.ConnectionId, Caller.RequireQueue(queueCode));

    public async Task<TicketView?> CallNext(string queueCode, string? desk)
    {
        var caller = Caller;
        var queue = caller.RequireQueue(queueCode);
        var response = await Broker.CallNextAsync(new CallNextRequest { Queue = queue, Attendant = caller.Attendant, Desk = caller.RequireDesk(desk) }, Aborted);
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

    /// <summary>Sends a ticket of a queue the caller serves to any other queue (the service the customer needs next).</summary>
    public async Task<TicketView> Transfer(string ticketId, string targetQueue)
    {
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.TransferAsync(new TransferRequest { TicketId = ticketId, TargetQueue = targetQueue?.Trim() ?? string.Empty, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> Move(string ticketId, int position)
    {
        Caller.RequireSupervisor("move");
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.MoveAsync(new MoveRequest { TicketId = ticketId, Position = position, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    public async Task<TicketView> Remove(string ticketId, string reason)
    {
        Caller.RequireSupervisor("remove");
        var caller = await AuthorizeTicketAsync(ticketId);
        return View((await Broker.RemoveAsync(new RemoveRequest { TicketId = ticketId, Reason = reason ?? string.Empty, Actor = caller.Attendant }, Aborted)).Ticket);
    }

    /// <summary>The caller must serve the queue the ticket is in now.</summary>
    private async Task<HubCaller> AuthorizeTicketAsync(string ticketId)
    {
        var caller = Caller;
        if (string.IsNullOrWhiteSpace(ticketId))
        {
            throw new HubException("invalid_argument: Name a ticket.");
        }

        if (!caller.IsAdmin)
        {
            var ticket = await Broker.GetTicketAsync(ticketId, Aborted);
            caller.RequireQueue(ticket.Ticket.Queue);
        }

        return caller;
    }

    private TicketView View(Ticket ticket) =>
        ticket.ToView(PersonalDataPolicy.MaySeeCustomerName(Context.User) ? CardOf : null);

    private CustomerCard? CardOf(Ticket ticket) => cards.CardOf(ticket.RequestId, ticket.Customer);
}
