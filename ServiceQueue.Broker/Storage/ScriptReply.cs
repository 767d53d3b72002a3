namespace ServiceQueue.Broker.Storage;

/// <summary>What the scripts answer (JSON from cjson): either <c>ok</c> with the parts the operation returns, or <c>err</c>.</summary>
internal sealed class ScriptReply
{
    public int Ok { get; set; }

    public string? Err { get; set; }

    public string? Reason { get; set; }

    public string? Detail { get; set; }

    /// <summary>STALE_TZ: the queue's time zone, when the caller computed the local date in another.</summary>
    public string? Tz { get; set; }

    public Dictionary<string, string>? Ticket { get; set; }

    public string? Position { get; set; }

    public Dictionary<string, string>? Estimate { get; set; }

    public string? Existing { get; set; }

    public Dictionary<string, string>? Def { get; set; }

    public string? Cursor { get; set; }

    /// <summary>GetQueue: one page of the waiting tickets, already in calling order.</summary>
    public List<Dictionary<string, string>>? Waiting { get; set; }

    public string? WaitingTotal { get; set; }

    public List<Dictionary<string, string>>? Active { get; set; }

    public string? ActiveTotal { get; set; }

    public List<Dictionary<string, string>>? Parked { get; set; }

    public string? ParkedTotal { get; set; }

    public List<string>? Samples { get; set; }

    public string? Attendants { get; set; }

    public List<QueueSummaryReply>? Queues { get; set; }

    /// <summary>ListBranches: the branches other than the default that have queues.</summary>
    public List<string>? Branches { get; set; }

    /// <summary>Presence changes: the attendant's presence after the change.</summary>
    public StoredPresence? Presence { get; set; }

    /// <summary>ListPresence: the branch's signed-in attendants.</summary>
    public List<StoredPresence>? Present { get; set; }

    /// <summary>AcknowledgeAlert: the alert after it.</summary>
    public Dictionary<string, string>? Alert { get; set; }

    /// <summary>ListAlerts: the branch's active alerts.</summary>
    public List<Dictionary<string, string>>? Alerts { get; set; }

    /// <summary>EvaluateAlerts: how many alerts the tick raised, updated and cleared; "1" in Skipped when its clock was behind.</summary>
    public string? Raised { get; set; }

    public string? Updated { get; set; }

    public string? Cleared { get; set; }

    public string? Skipped { get; set; }

    /// <summary>EnqueueBatch: one reply (or error) per request, in order.</summary>
    public List<ScriptReply>? Items { get; set; }
}
