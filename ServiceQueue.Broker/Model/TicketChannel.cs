namespace ServiceQueue.Broker.Model;

/// <summary>Where the service request came from.</summary>
internal enum TicketChannel
{
    Unspecified,
    Kiosk,
    Web,
    Mobile,
    Partner,
    Staff,
}
