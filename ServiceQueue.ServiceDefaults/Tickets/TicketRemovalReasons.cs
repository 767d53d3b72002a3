namespace ServiceQueue.ServiceDefaults.Tickets;

/// <summary>Removal reasons with a meaning of their own: statistics count them apart from a supervisor's removals.</summary>
public static class TicketRemovalReasons
{
    /// <summary>The customer said "I no longer need this" on the ticket page.</summary>
    public const string CustomerCancelled = "customer_cancelled";
}
