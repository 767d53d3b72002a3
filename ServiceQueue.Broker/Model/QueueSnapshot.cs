namespace ServiceQueue.Broker.Model;

/// <summary>A queue at one instant: it reflects every event up to and including <see cref="Cursor"/>.</summary>
internal sealed record QueueSnapshot(
    QueueDefinition Definition,
    IReadOnlyList<WaitingTicket> Waiting,
    IReadOnlyList<Ticket> Active,
    IReadOnlyList<Ticket> Parked,
    long Cursor,
    int AttendantsActive,
    TimeSpan AverageServiceTime);
