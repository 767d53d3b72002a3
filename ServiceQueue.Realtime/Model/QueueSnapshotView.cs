namespace ServiceQueue.Realtime.Model;

/// <summary>
/// What <c>Subscribe</c> returns: the queue as of <see cref="Cursor"/>. The caller then receives every
/// event with a greater cursor, once, in order (possibly before this result arrives).
/// </summary>
internal sealed record QueueSnapshotView(
    QueueDefinitionView Queue,
    ulong Cursor,
    IReadOnlyList<WaitingTicketView> Waiting,
    IReadOnlyList<TicketView> Active,
    IReadOnlyList<TicketView> Parked,
    int AttendantsActive,
    double AverageServiceTimeSeconds);
