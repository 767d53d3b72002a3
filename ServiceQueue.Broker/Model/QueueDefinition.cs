namespace ServiceQueue.Broker.Model;

/// <summary>A queue's settings; see broker.proto for what each one means. <see cref="Branch"/> is a branch code ("" = the default branch);
/// <see cref="Alerts"/> null means no alert rule.</summary>
internal sealed record QueueDefinition(
    string Code,
    string Name,
    string NumberPrefix,
    bool Open,
    int MaxSize,
    int PriorityRun,
    TimeSpan MaxWait,
    TimeSpan SlaTarget,
    int RecallLimit,
    TimeSpan RecallMinInterval,
    string TimeZone,
    string Branch = "",
    AlertRules? Alerts = null);
