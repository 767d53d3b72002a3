namespace ServiceQueue.Api.Storage;

/// <summary>
/// An <c>alerts</c> row: one raise of a queue's alert rule (issue 18) from the Broker's events, kept after it clears.
/// <see cref="Value"/> is the latest the Broker reported, <see cref="PeakValue"/> the largest.
/// </summary>
internal sealed class AlertRow
{
    /// <summary>The Broker's alert id (unique per raise).</summary>
    public string Id { get; set; } = "";

    public string BranchCode { get; set; } = "";

    public string QueueCode { get; set; } = "";

    /// <summary><c>waiting_past_sla</c>, <c>waiting_over</c>, <c>no_attendant</c> or <c>service_over</c> (<see cref="AlertKinds"/>).</summary>
    public string Kind { get; set; } = "";

    public DateTime RaisedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? ClearedAt { get; set; }

    public long Value { get; set; }

    public long PeakValue { get; set; }

    public long Threshold { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    /// <summary>The user id of who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }
}
