using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>queue_definitions</c>; NULL limits mean "none".</summary>
internal sealed class QueueDefinitionRow
{
    public string Code { get; set; } = "";

    /// <summary>The branch the queue belongs to; every queue is the default branch's until the Broker is branch-aware.</summary>
    public string BranchCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public bool IsOpen { get; set; }
    public int PriorityRun { get; set; }
    public int? MaxWaitSeconds { get; set; }
    public int? SlaSeconds { get; set; }
    public int? Capacity { get; set; }
    public int RecallLimit { get; set; }
    public int RecallMinIntervalSeconds { get; set; }
    public string TimeZone { get; set; } = "";

    /// <summary>What a kiosk asks the customer for, comma-separated (<see cref="QueueCustomerFields"/>); empty = nothing.</summary>
    public string CustomerFields { get; set; } = "";

    /// <summary>The alert rules the Broker evaluates (issue 18): false or NULL is off.</summary>
    public bool AlertWaitingPastSla { get; set; }
    public int? AlertWaitingOver { get; set; }
    public bool AlertNoAttendant { get; set; }
    public int? AlertServiceOverSeconds { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public QueueSettings ToSettings() => new(
        BranchCode, Code, Name, Prefix, IsOpen, Capacity ?? 0, PriorityRun, MaxWaitSeconds ?? 0, SlaSeconds ?? 0, RecallLimit, RecallMinIntervalSeconds, TimeZone,
        QueueCustomerFields.Parse(CustomerFields), Alerts);

    public QueueResponse ToResponse() => new(
        Code, BranchCode, Name, Prefix, IsOpen, Capacity ?? 0, PriorityRun, MaxWaitSeconds ?? 0, SlaSeconds ?? 0, RecallLimit, RecallMinIntervalSeconds, TimeZone,
        Utc.From(CreatedAt), Utc.From(UpdatedAt), QueueCustomerFields.Parse(CustomerFields), Alerts);

    private QueueAlertRules Alerts => new(AlertWaitingPastSla, AlertWaitingOver ?? 0, AlertNoAttendant, AlertServiceOverSeconds ?? 0);
}
