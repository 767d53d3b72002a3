namespace ServiceQueue.Broker.Model;

/// <summary>Where a ticket is in its life (design.md, "The ticket").</summary>
internal enum TicketState
{
    Waiting,
    Called,
    Serving,
    Completed,
    NoShow,
    Removed,
    Parked,
}
