namespace ServiceQueue.Realtime.Model;

/// <summary>
/// What <c>Subscribe</c> returns: the queue as of <see cref="Cursor"/>, its waiting tickets as the first
/// page of the calling order (at most <see cref="PageSize"/>; <c>WaitingPage</c> reads further). The
/// totals count the whole queue. The caller then receives every event with a greater cursor, once, in
/// order (possibly before this result arrives).
/// </summary>
internal sealed record QueueSnapshotView(
    QueueDefinitionView Queue,
    ulong Cursor,
    IReadOnlyList<WaitingTicketView> Waiting,
    IReadOnlyList<TicketView> Active,
    IReadOnlyList<TicketView> Parked,
    int AttendantsActive,
    double AverageServiceTimeSeconds,
    int WaitingTotal,
    int ActiveTotal,
    int ParkedTotal)
{
    /// <summary>Waiting tickets per page, and the most active or parked tickets a snapshot lists.</summary>
    public const int PageSize = 50;
}
