namespace ServiceQueue.Api.Storage;

/// <summary>A <c>service_history</c> row: one finished segment of a ticket in one queue.</summary>
internal sealed class HistoryRow
{
    public const string Columns = """
        event_cursor AS EventCursor, ticket_id AS TicketId, request_id AS RequestId, queue_code AS QueueCode, number AS Number,
        priority AS Priority, channel AS Channel, outcome AS Outcome, enqueued_at AS EnqueuedAt, called_at AS CalledAt,
        started_at AS StartedAt, finished_at AS FinishedAt, attendant_id AS AttendantId, desk AS Desk, recall_count AS RecallCount,
        quoted_wait_seconds AS QuotedWaitSeconds, transferred_from_queue AS TransferredFromQueue
        """;

    public string EventCursor { get; set; } = "";

    public string TicketId { get; set; } = "";

    public string RequestId { get; set; } = "";

    public string QueueCode { get; set; } = "";

    public string Number { get; set; } = "";

    public string Priority { get; set; } = "";

    public string Channel { get; set; } = "";

    public string Outcome { get; set; } = "";

    /// <summary>When the ticket began waiting in this queue: enqueue, or the transfer in.</summary>
    public DateTime EnqueuedAt { get; set; }

    public DateTime? CalledAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public string? AttendantId { get; set; }

    public string? Desk { get; set; }

    public int RecallCount { get; set; }

    public int? QuotedWaitSeconds { get; set; }

    public string? TransferredFromQueue { get; set; }
}
