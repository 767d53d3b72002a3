namespace ServiceQueue.Api.Storage;

/// <summary>The <c>service_history.outcome</c> values: how a ticket's segment in a queue ended.</summary>
internal static class HistoryOutcomes
{
    public const string Completed = "completed";
    public const string NoShow = "no_show";
    public const string Removed = "removed";
    public const string Transferred = "transferred";
}
