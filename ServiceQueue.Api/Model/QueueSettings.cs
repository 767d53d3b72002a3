namespace ServiceQueue.Api.Model;

/// <summary>A validated queue definition; zero means "no limit" for the size and the waits. <see cref="CustomerFields"/> stays in MySQL: the Broker never sees it.</summary>
internal sealed record QueueSettings(
    string Branch,
    string Code,
    string Name,
    string NumberPrefix,
    bool Open,
    int MaxSize,
    int PriorityRun,
    int MaxWaitSeconds,
    int SlaSeconds,
    int RecallLimit,
    int RecallMinIntervalSeconds,
    string TimeZone,
    IReadOnlyList<string> CustomerFields,
    QueueAlertRules Alerts);
