namespace ServiceQueue.Broker.Storage;

/// <summary>An event as a script stored it in the stream (field <c>e</c>, JSON).</summary>
internal sealed class StoredEvent
{
    public string Cursor { get; set; } = "0";

    public string Type { get; set; } = "";

    public string Queue { get; set; } = "";

    /// <summary>Absent for the default branch (and in every event written before branches).</summary>
    public string? Branch { get; set; }

    public string At { get; set; } = "0";

    public Dictionary<string, string>? Ticket { get; set; }

    public Dictionary<string, string>? Def { get; set; }

    public string? Target { get; set; }

    public string? Position { get; set; }

    public string? Actor { get; set; }

    /// <summary>Transfers: the ticket as it was in the source queue.</summary>
    public Dictionary<string, string>? Before { get; set; }

    /// <summary>presence_changed: the attendant's presence after the change.</summary>
    public StoredPresence? Presence { get; set; }

    /// <summary>alert_*: the alert after the change (an alert hash, see AlertHash).</summary>
    public Dictionary<string, string>? Alert { get; set; }
}
