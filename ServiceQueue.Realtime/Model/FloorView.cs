namespace ServiceQueue.Realtime.Model;

/// <summary>
/// One branch's floor as the supervisor page shows it, read at <paramref name="At"/>: every queue with its
/// service level, every attendant signed in to the branch, and the branch's active alerts (oldest first).
/// </summary>
internal sealed record FloorView(
    string Branch, DateTimeOffset At, IReadOnlyList<FloorQueueView> Queues, IReadOnlyList<FloorAttendantView> Attendants, IReadOnlyList<AlertView> Alerts);
