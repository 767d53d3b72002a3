namespace ServiceQueue.Broker.Storage;

internal sealed class QueueSummaryReply
{
    public Dictionary<string, string> Def { get; set; } = [];

    public string Waiting { get; set; } = "0";

    public string Active { get; set; } = "0";

    public string Parked { get; set; } = "0";

    public Dictionary<string, string>? Estimate { get; set; }
}
