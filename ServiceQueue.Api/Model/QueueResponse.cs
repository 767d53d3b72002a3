namespace ServiceQueue.Api.Model;

/// <summary>A queue definition as stored in MySQL, the source of truth the Broker is kept in line with.</summary>
public sealed record QueueResponse(
    string Code,
    string Branch,
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
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> CustomerFields,
    QueueAlertRules Alerts);
