namespace ServiceQueue.Broker.Storage;

/// <summary>A presence as the scripts answer it and store it on an event (presence_view in _lib.lua).</summary>
internal sealed class StoredPresence
{
    public string Att { get; set; } = "";

    /// <summary>"" for the default branch.</summary>
    public string Branch { get; set; } = "";

    public string Desk { get; set; } = "";

    public List<string> Queues { get; set; } = [];

    public string State { get; set; } = "";

    public string Reason { get; set; } = "";

    public string Since { get; set; } = "0";

    public string SignedIn { get; set; } = "0";

    public string Ticket { get; set; } = "";
}
