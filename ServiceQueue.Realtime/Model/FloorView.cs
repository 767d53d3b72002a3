namespace ServiceQueue.Realtime.Model;

/// <summary>
/// One branch's floor as the supervisor page shows it, read at <paramref name="At"/>: every queue with its
/// service level, and every attendant signed in to the branch.
/// </summary>
internal sealed record FloorView(string Branch, DateTimeOffset At, IReadOnlyList<FloorQueueView> Queues, IReadOnlyList<FloorAttendantView> Attendants);
