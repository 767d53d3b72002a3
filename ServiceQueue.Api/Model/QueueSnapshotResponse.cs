namespace ServiceQueue.Api.Model;

/// <summary>
/// One page of the live queue: the waiting tickets at positions <see cref="Offset"/> + 1 onward in
/// calling order (at most <see cref="Limit"/>), tickets called or being served and parked ones (at most
/// <see cref="Limit"/> each), the totals of each list, and the Broker's event cursor the page reflects
/// (a client can follow the events after it).
/// </summary>
public sealed record QueueSnapshotResponse(
    bool Known,
    string Cursor,
    int AttendantsActive,
    int AverageServiceSeconds,
    IReadOnlyList<LiveTicketResponse> Waiting,
    IReadOnlyList<LiveTicketResponse> Active,
    IReadOnlyList<LiveTicketResponse> Parked,
    int Offset,
    int Limit,
    int WaitingTotal,
    int ActiveTotal,
    int ParkedTotal);
