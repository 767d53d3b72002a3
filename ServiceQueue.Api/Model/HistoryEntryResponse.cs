namespace ServiceQueue.Api.Model;

/// <summary>
/// One finished segment of a ticket in a queue. A transferred ticket has one entry per queue: the earlier ones
/// end with outcome <c>transferred</c>, each later one names the queue it came from. <c>AttendantId</c> is the
/// attendant's user id (the name the Broker recorded when it is no user's), <c>AttendantName</c> their user
/// name; <c>ServiceOutcome</c> what they gave on completing (e.g. <c>served</c>).
/// </summary>
internal sealed record HistoryEntryResponse(
    string TicketId,
    string RequestId,
    string Queue,
    string Branch,
    string Number,
    string Priority,
    string Channel,
    string Outcome,
    string? ServiceOutcome,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset FinishedAt,
    double? WaitSeconds,
    double? ServiceSeconds,
    string? AttendantId,
    string? AttendantName,
    string? Desk,
    int RecallCount,
    int? QuotedWaitSeconds,
    string? TransferredFromQueue);
