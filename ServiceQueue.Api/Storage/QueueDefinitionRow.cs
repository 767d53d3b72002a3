using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>queue_definitions</c>; NULL limits mean "none".</summary>
internal sealed class QueueDefinitionRow
{
    public const string Columns = """
        code AS Code, name AS Name, prefix AS Prefix, is_open AS IsOpen, priority_run AS PriorityRun,
        max_wait_seconds AS MaxWaitSeconds, sla_seconds AS SlaSeconds, capacity AS Capacity,
        recall_limit AS RecallLimit, recall_min_interval_seconds AS RecallMinIntervalSeconds,
        time_zone AS TimeZone, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public string Code { get; set; } = "";
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
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public QueueSettings ToSettings() => new(
        Code, Name, Prefix, IsOpen, Capacity ?? 0, PriorityRun, MaxWaitSeconds ?? 0, SlaSeconds ?? 0, RecallLimit, RecallMinIntervalSeconds, TimeZone);

    public QueueResponse ToResponse() => new(
        Code, Name, Prefix, IsOpen, Capacity ?? 0, PriorityRun, MaxWaitSeconds ?? 0, SlaSeconds ?? 0, RecallLimit, RecallMinIntervalSeconds, TimeZone,
        Utc.From(CreatedAt), Utc.From(UpdatedAt));
}
