namespace ServiceQueue.Realtime.Model;

/// <summary>
/// A ticket as the console shows it. <see cref="CustomerName"/> and <see cref="Notes"/> (the request's
/// free text) are set only for callers allowed to see them.
/// </summary>
internal sealed record TicketView(
    string Id,
    string Queue,
    string Branch,
    string Number,
    string Priority,
    string? PriorityReason,
    string Channel,
    string State,
    string? CustomerName,
    string? Notes,
    DateTimeOffset? EnqueuedAt,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? CalledAt,
    DateTimeOffset? LastCalledAt,
    DateTimeOffset? ServingAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ParkedAt,
    string? Attendant,
    string? Desk,
    int RecallCount,
    string? Outcome,
    string? RemovalReason,
    string? TransferredFrom,
    int TransferCount,
    WaitEstimateView? QuotedEstimate);
