namespace ServiceQueue.Broker.Model;

/// <summary>
/// A queue's counts, and <paramref name="Estimate"/>: what a normal ticket taken now would be quoted;
/// <paramref name="OldestWaitingSince"/>: when the longest-waiting ticket began waiting (null while nobody waits);
/// <paramref name="ServedLastHour"/>: tickets completed in the hour before the call.
/// </summary>
internal sealed record QueueSummary(
    QueueDefinition Definition,
    int Waiting,
    int Active,
    int Parked,
    WaitEstimate? Estimate = null,
    DateTimeOffset? OldestWaitingSince = null,
    int ServedLastHour = 0);
