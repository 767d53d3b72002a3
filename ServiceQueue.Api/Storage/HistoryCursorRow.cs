namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>history_cursor</c>: the last Broker event a follower applied, as decimal text.</summary>
internal sealed class HistoryCursorRow
{
    public string Follower { get; set; } = "";
    public string EventCursor { get; set; } = "0";
    public DateTime UpdatedAt { get; set; }
}
