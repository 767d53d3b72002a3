namespace ServiceQueue.Realtime.Model;

/// <summary>
/// The caller's presence as the console shows it: <see cref="State"/> is <c>available</c>, <c>paused</c> or
/// <c>signed_out</c>; <see cref="Queues"/> are addresses (<c>BRANCH.CODE</c>); <see cref="Since"/> is when the state began.
/// </summary>
internal sealed record PresenceView(
    string Attendant,
    string Branch,
    string Desk,
    IReadOnlyList<string> Queues,
    string State,
    string? PauseReason,
    DateTimeOffset? Since,
    DateTimeOffset? SignedInAt,
    string? TicketId);
