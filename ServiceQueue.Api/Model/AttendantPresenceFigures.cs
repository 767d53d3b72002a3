namespace ServiceQueue.Api.Model;

/// <summary>
/// One attendant's time in a range: <c>signedInSeconds</c> is <c>availableSeconds</c> plus <c>pausedSeconds</c>, and
/// <c>pausedByReason</c> splits the paused time by reason code (largest first).
/// </summary>
public sealed record AttendantPresenceFigures(
    string? AttendantId, string AttendantName, long SignedInSeconds, long AvailableSeconds, long PausedSeconds, IReadOnlyList<PausedReasonSeconds> PausedByReason);
