namespace ServiceQueue.Realtime.Model;

/// <summary>
/// A queue drilled into from the supervisor page: its first page of waiting tickets, the tickets being called or
/// served (with desk and attendant), the parked ones, and the desks of the attendants signed in to it. Tickets carry
/// no customer data: the floor is about numbers, waits and desks.
/// </summary>
internal sealed record FloorQueueDetailView(
    FloorQueueView Queue,
    IReadOnlyList<WaitingTicketView> Waiting,
    IReadOnlyList<TicketView> Active,
    IReadOnlyList<TicketView> Parked,
    IReadOnlyList<FloorAttendantView> Desks);
