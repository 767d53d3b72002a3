namespace ServiceQueue.Realtime.Model;

/// <summary>
/// A signed-in attendant on the supervisor page: <paramref name="State"/> is <c>serving</c> (holds a called or
/// served ticket), <c>idle</c> or <c>paused</c> (with <paramref name="PauseReason"/>), since <paramref name="Since"/>.
/// </summary>
internal sealed record FloorAttendantView(string Attendant, string Desk, IReadOnlyList<string> Queues, string State, string? PauseReason, DateTimeOffset? Since);
