using Google.Protobuf.WellKnownTypes;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>
/// The Broker's messages as the hubs send them. The customer envelope never leaves: a ticket carries
/// the decrypted name and notes only when <c>cardOf</c> is given (a caller allowed to see them).
/// </summary>
internal static class BrokerViews
{
    public static QueueEventView ToView(this QueueEvent e, Func<Ticket, CustomerCard?>? cardOf, string defaultBranch) => new(
        e.Cursor,
        TypeName(e.Type),
        e.Queue,
        BrokerBranches.Or(e.Branch, defaultBranch),
        e.OccurredAt?.ToDateTimeOffset(),
        e.Ticket is null ? null : e.Ticket.ToView(cardOf, defaultBranch),
        e.Definition is null ? null : e.Definition.ToView(defaultBranch),
        NullIfEmpty(e.TargetQueue),
        e.Type is EventType.Enqueued or EventType.Moved ? e.Position : null,
        NullIfEmpty(e.Actor));

    public static QueueSnapshotView ToView(this GetQueueResponse snapshot, Func<Ticket, CustomerCard?>? cardOf, string defaultBranch) => new(
        snapshot.Definition.ToView(defaultBranch),
        snapshot.Cursor,
        Waiting(snapshot, cardOf, defaultBranch),
        [.. snapshot.Active.Select(t => t.ToView(cardOf, defaultBranch))],
        [.. snapshot.Parked.Select(t => t.ToView(cardOf, defaultBranch))],
        snapshot.AttendantsActive,
        Seconds(snapshot.AverageServiceTime),
        snapshot.WaitingTotal,
        snapshot.ActiveTotal,
        snapshot.ParkedTotal);

    public static WaitingPageView ToWaitingPage(this GetQueueResponse page, Func<Ticket, CustomerCard?>? cardOf, string defaultBranch) =>
        new(page.Definition.Code, BrokerBranches.Or(page.Definition.Branch, defaultBranch), page.Cursor, page.Offset, Waiting(page, cardOf, defaultBranch), page.WaitingTotal);

    public static TicketView ToView(this Ticket t, Func<Ticket, CustomerCard?>? cardOf, string defaultBranch) => t.ToView(cardOf?.Invoke(t), defaultBranch);

    private static TicketView ToView(this Ticket t, CustomerCard? card, string defaultBranch) => new(
        t.Id,
        t.Queue,
        BrokerBranches.Or(t.Branch, defaultBranch),
        t.Number,
        t.Priority == PriorityClass.Priority ? "priority" : "normal",
        NullIfEmpty(t.PriorityReason),
        t.Channel switch
        {
            Channel.Kiosk => "kiosk",
            Channel.Web => "web",
            Channel.Mobile => "mobile",
            Channel.Partner => "partner",
            Channel.Staff => "staff",
            _ => "unspecified",
        },
        StateName(t.State),
        card?.Name,
        card?.Notes,
        t.EnqueuedAt?.ToDateTimeOffset(),
        t.WaitingSince?.ToDateTimeOffset(),
        t.CalledAt?.ToDateTimeOffset(),
        t.LastCalledAt?.ToDateTimeOffset(),
        t.ServingAt?.ToDateTimeOffset(),
        t.EndedAt?.ToDateTimeOffset(),
        t.ParkedAt?.ToDateTimeOffset(),
        NullIfEmpty(t.Attendant),
        NullIfEmpty(t.Desk),
        t.RecallCount,
        NullIfEmpty(t.Outcome),
        NullIfEmpty(t.RemovalReason),
        NullIfEmpty(t.TransferredFrom),
        t.TransferCount,
        t.QuotedEstimate?.ToView());

    public static QueueDefinitionView ToView(this QueueDefinition d, string defaultBranch) =>
        new(d.Code, d.Name, d.NumberPrefix, d.Open, d.MaxSize, d.PriorityRun, BrokerBranches.Or(d.Branch, defaultBranch), d.AddressOf(defaultBranch).ToString());

    public static WaitEstimateView ToView(this WaitEstimate e) =>
        new(Seconds(e.Expected), Seconds(e.Optimistic), e.TicketsAhead);

    /// <summary>The board's line for a call or a recall: number and desk, nothing about the person.</summary>
    public static NowCalling ToNowCalling(this Ticket t, string defaultBranch) =>
        new(t.Queue, BrokerBranches.Or(t.Branch, defaultBranch), t.Number, NullIfEmpty(t.Desk), (t.LastCalledAt ?? t.CalledAt)?.ToDateTimeOffset());

    public static string TypeName(EventType type) => type switch
    {
        EventType.Enqueued => "enqueued",
        EventType.Called => "called",
        EventType.Recalled => "recalled",
        EventType.Serving => "serving",
        EventType.Completed => "completed",
        EventType.NoShow => "no_show",
        EventType.Parked => "parked",
        EventType.Resumed => "resumed",
        EventType.Transferred => "transferred",
        EventType.Moved => "moved",
        EventType.Removed => "removed",
        EventType.QueueUpdated => "queue_updated",
        _ => "unspecified",
    };

    private static string StateName(TicketState state) => state switch
    {
        TicketState.Waiting => "waiting",
        TicketState.Called => "called",
        TicketState.Serving => "serving",
        TicketState.Completed => "completed",
        TicketState.NoShow => "no_show",
        TicketState.Removed => "removed",
        TicketState.Transferred => "transferred",
        TicketState.Parked => "parked",
        _ => "unspecified",
    };

    private static WaitingTicketView[] Waiting(GetQueueResponse page, Func<Ticket, CustomerCard?>? cardOf, string defaultBranch) =>
        [.. page.Waiting.Select(w => new WaitingTicketView(w.Ticket.ToView(cardOf, defaultBranch), w.Position, w.Estimate?.ToView()))];

    private static double Seconds(Duration? duration) => duration is null ? 0 : Math.Round(duration.ToTimeSpan().TotalSeconds, 1);

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
