namespace ServiceQueue.Broker.Model;

/// <summary>
/// One page of a queue at one instant: it reflects every event up to and including <see cref="Cursor"/>.
/// <see cref="Waiting"/> holds the places after <see cref="Offset"/> in calling order; the totals count
/// the whole queue, so a reader knows what the page leaves out.
/// </summary>
internal sealed record QueueSnapshot(
    QueueDefinition Definition,
    IReadOnlyList<WaitingTicket> Waiting,
    IReadOnlyList<Ticket> Active,
    IReadOnlyList<Ticket> Parked,
    long Cursor,
    int AttendantsActive,
    TimeSpan AverageServiceTime,
    int Offset,
    int WaitingTotal,
    int ActiveTotal,
    int ParkedTotal);
