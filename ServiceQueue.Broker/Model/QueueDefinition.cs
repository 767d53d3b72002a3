namespace ServiceQueue.Broker.Model;

/// <summary>A queue's settings; see broker.proto for what each one means.</summary>
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
    string TimeZone);
