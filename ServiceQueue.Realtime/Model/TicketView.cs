namespace ServiceQueue.Realtime.Model;

/// <summary>A ticket as the console shows it. <see cref="CustomerName"/> is set only for callers allowed to see it.</summary>
internal sealed record TicketView(
    string Id,
    string Queue,
    string Number,
    string Priority,
    string? PriorityReason,
    string Channel,
    string State,
    string? CustomerName,
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
