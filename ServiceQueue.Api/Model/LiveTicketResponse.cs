namespace ServiceQueue.Api.Model;

/// <summary>
/// One ticket of a live queue. <see cref="CustomerName"/> and <see cref="Notes"/> (the request's free
/// text) are the only personal data, decrypted only for callers allowed to see them (docs/api.md,
/// "Personal data in the live view"); otherwise null.
/// </summary>
public sealed record LiveTicketResponse(
    string TicketId,
    string Number,
    string State,
    string Priority,
    string? PriorityReason,
    string Channel,
    int? Position,
    int? EstimatedWaitSeconds,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? CalledAt,
    string? Attendant,
    string? Desk,
    int RecallCount,
    string? CustomerName,
    string? Notes);
