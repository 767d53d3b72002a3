namespace ServiceQueue.Broker.Model;

/// <summary>
/// An attendant's sign-in: desk and work profile (queue codes of <see cref="Branch"/>), state with the pause
/// reason, when the state began, and the ticket held now (empty when idle).
/// </summary>
internal sealed record AttendantPresence(
    string Attendant,
    string Branch,
    string Desk,
    IReadOnlyList<string> Queues,
    PresenceState State,
    string PauseReason,
    DateTimeOffset Since,
    DateTimeOffset SignedInAt,
    string TicketId);
