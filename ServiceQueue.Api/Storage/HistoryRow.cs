namespace ServiceQueue.Api.Storage;

/// <summary>A <c>service_history</c> row: one finished segment of a ticket in one queue.</summary>
internal sealed class HistoryRow
{
    public long Id { get; set; }

    public string EventCursor { get; set; } = "";

    public string TicketId { get; set; } = "";

    public string RequestId { get; set; } = "";

    /// <summary>The branch of the queue; history from before branches is the default branch's.</summary>
    public string BranchCode { get; set; } = "";

    public string QueueCode { get; set; } = "";

    public string Number { get; set; } = "";

    public string Priority { get; set; } = "";

    public string Channel { get; set; } = "";

    public string Outcome { get; set; } = "";

    /// <summary>What the attendant said when completing (e.g. <c>served</c>); only on completed segments.</summary>
    public string? ServiceOutcome { get; set; }

    /// <summary>When the ticket began waiting in this queue: enqueue, or the transfer in.</summary>
    public DateTime EnqueuedAt { get; set; }

    public DateTime? CalledAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    /// <summary>The attendant's <c>users.id</c>, when the name the Broker recorded is a user's.</summary>
    public string? AttendantUserId { get; set; }

    /// <summary>The attendant as the Broker recorded it (the user name), whole.</summary>
    public string? AttendantName { get; set; }

    public string? Desk { get; set; }

    public int RecallCount { get; set; }

    public int? QuotedWaitSeconds { get; set; }

    public string? TransferredFromQueue { get; set; }
}
