using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>The Broker's ticket as its holder may see it: a few public facts, never the customer envelope, ids or the attendant.</summary>
internal static class TicketStatusViews
{
    public static bool IsOpen(this Ticket ticket) =>
        ticket.State is TicketState.Waiting or TicketState.Called or TicketState.Serving or TicketState.Parked;

    public static TicketStatusView ToStatus(this GetTicketResponse found, string queueName, string defaultBranch)
    {
        var ticket = found.Ticket;
        var waiting = ticket.State == TicketState.Waiting;
        var atDesk = ticket.State is TicketState.Called or TicketState.Serving;
        return new TicketStatusView(
            ticket.Number,
            ticket.Queue,
            queueName,
            BrokerBranches.Or(ticket.Branch, defaultBranch),
            ticket.State switch
            {
                TicketState.Called => "called",
                TicketState.Serving => "serving",
                TicketState.Parked => "parked",
                _ => "waiting",
            },
            waiting && found.Position > 0 ? found.Position : null,
            waiting ? found.Estimate?.ToRange() : null,
            atDesk && ticket.Desk.Length > 0 ? ticket.Desk : null,
            atDesk ? (ticket.LastCalledAt ?? ticket.CalledAt)?.ToDateTimeOffset() : null,
            ticket.RecallCount);
    }

    /// <summary>Null while the ticket is still open.</summary>
    public static TicketEndedView? ToEnded(this Ticket ticket) => ticket.State switch
    {
        TicketState.Completed => new("completed"),
        TicketState.NoShow => new("no_show"),
        TicketState.Removed when ticket.RemovalReason == TicketRemovalReasons.CustomerCancelled => new("cancelled"),
        TicketState.Removed => new("removed"),
        _ => null,
    };

    public static WaitRangeView ToRange(this WaitEstimate estimate) => new(
        (int)Math.Round((estimate.Optimistic?.ToTimeSpan() ?? TimeSpan.Zero).TotalSeconds),
        (int)Math.Round((estimate.Expected?.ToTimeSpan() ?? TimeSpan.Zero).TotalSeconds));
}
