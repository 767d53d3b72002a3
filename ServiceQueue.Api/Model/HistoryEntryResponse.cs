namespace ServiceQueue.Api.Model;

/// <summary>
/// One finished segment of a ticket in a queue. A transferred ticket has one entry per queue: the earlier ones
/// end with outcome <c>transferred</c>, each later one names the queue it came from.
/// </summary>
internal sealed record HistoryEntryResponse(
    string TicketId,
    string RequestId,
    string Queue,
    string Number,
    string Priority,
    string Channel,
    string Outcome,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset FinishedAt,
    double? WaitSeconds,
    double? ServiceSeconds,
    string? AttendantId,
    string? Desk,
    int RecallCount,
    int? QuotedWaitSeconds,
    string? TransferredFromQueue);
