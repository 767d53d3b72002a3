namespace ServiceQueue.Broker.Storage;

internal sealed class QueueSummaryReply
{
    public Dictionary<string, string> Def { get; set; } = [];

    public string Waiting { get; set; } = "0";

    public string Active { get; set; } = "0";

    public string Parked { get; set; } = "0";

    public Dictionary<string, string>? Estimate { get; set; }

    /// <summary>Unix ms: when the longest-waiting ticket began waiting; null while nobody waits.</summary>
    public string? OldestSince { get; set; }

    public string ServedHour { get; set; } = "0";
}
