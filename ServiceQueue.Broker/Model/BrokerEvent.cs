namespace ServiceQueue.Broker.Model;

/// <summary>
/// One entry of the event stream: the ticket (or definition, or attendant's presence) as it is after the
/// change; for a transfer, also the ticket as it was before (<see cref="Before"/>); for an alert, the alert after it.
/// </summary>
internal sealed record BrokerEvent(
    long Cursor,
    BrokerEventType Type,
    string Queue,
    DateTimeOffset OccurredAt,
    Ticket? Ticket,
    QueueDefinition? Definition,
    string TargetQueue,
    int Position,
    string Actor,
    Ticket? Before = null,
    string Branch = "",
    AttendantPresence? Presence = null,
    QueueAlert? Alert = null)
{
    /// <summary>
    /// True when the event concerns one of <paramref name="queues"/> (either side of a transfer; for a presence
    /// change, any queue of the attendant's profile); all when empty.
    /// </summary>
    public bool Concerns(IReadOnlySet<string> queues) =>
        queues.Count == 0 || queues.Contains(Queue) || (TargetQueue.Length > 0 && queues.Contains(TargetQueue))
        || (Presence is { } presence && presence.Queues.Any(queues.Contains));

    /// <summary>As <see cref="Concerns(IReadOnlySet{string})"/>, and of one of <paramref name="branches"/> (all when empty).</summary>
    public bool Concerns(IReadOnlySet<string> queues, IReadOnlySet<string> branches) =>
        (branches.Count == 0 || branches.Contains(Branch)) && Concerns(queues);
}
