namespace ServiceQueue.Api.Model;

/// <summary>
/// The live queue: waiting tickets in calling order, tickets called or being served, parked ones, and the
/// Broker's event cursor this reflects (a client can follow the events after it).
/// </summary>
public sealed record QueueSnapshotResponse(
    bool Known,
    string Cursor,
    int AttendantsActive,
    int AverageServiceSeconds,
    IReadOnlyList<LiveTicketResponse> Waiting,
    IReadOnlyList<LiveTicketResponse> Active,
    IReadOnlyList<LiveTicketResponse> Parked);
