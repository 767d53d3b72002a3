namespace ServiceQueue.Realtime.Model;

/// <summary>
/// A queue on the supervisor page. <paramref name="ServiceLevel"/> is <c>none</c> (no SLA target), <c>ok</c>,
/// <c>at_risk</c> (the longest wait has reached 80% of the target, or a newcomer would be quoted more than it) or
/// <c>breached</c> (someone has waited longer than the target); <paramref name="ServiceLevelCause"/> says which
/// figure decided it (<c>longest_wait</c> or <c>newcomer_quote</c>; null for <c>ok</c> and <c>none</c>), and the page
/// says both in words. <paramref name="Serving"/>, <paramref name="Idle"/> and <paramref name="Paused"/> count the
/// signed-in attendants whose work profile holds the queue.
/// </summary>
internal sealed record FloorQueueView(
    string Address,
    string Code,
    string Name,
    bool Open,
    int Waiting,
    int Active,
    int Parked,
    int? LongestWaitSeconds,
    WaitRangeView Estimate,
    int ServedLastHour,
    int? SlaSeconds,
    string ServiceLevel,
    string? ServiceLevelCause,
    int Serving,
    int Idle,
    int Paused);
