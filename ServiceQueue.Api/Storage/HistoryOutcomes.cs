namespace ServiceQueue.Api.Storage;

/// <summary>The <c>service_history.outcome</c> values: how a ticket's segment in a queue ended.</summary>
internal static class HistoryOutcomes
{
    public const string Completed = "completed";
    public const string NoShow = "no_show";
    public const string Removed = "removed";

    /// <summary>Removed because the customer withdrew on the ticket page (reason <c>customer_cancelled</c>).</summary>
    public const string Cancelled = "cancelled";
    public const string Transferred = "transferred";
}
