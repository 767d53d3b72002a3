namespace ServiceQueue.Api.Model;

/// <summary>
/// Figures for one queue over [From, To), from the history segments that finished in it then. Waits run from
/// entering the queue to the first call; service times from the start of service to completion; seconds.
/// </summary>
internal sealed record QueueStatsResponse(
    string Queue,
    string Branch,
    DateTimeOffset From,
    DateTimeOffset To,
    long Served,
    long NoShows,
    long Removed,
    long CancelledByCustomer,
    long TransferredOut,
    WaitFigures Wait,
    double? AverageServiceSeconds,
    int? SlaSeconds,
    double? ServedWithinSlaShare,
    EstimateAccuracy EstimateAccuracy,
    IReadOnlyList<AttendantFigures> Attendants,
    IReadOnlyList<ServiceOutcomeFigures> ServiceOutcomes);

/// <summary>Waits of the tickets called in the queue (served or no-show). Percentiles interpolate linearly (PERCENTILE_CONT).</summary>
internal sealed record WaitFigures(long Count, double? Average, double? P50, double? P90, double? Max);

/// <summary>The quoted wait against the actual one, for tickets called in the queue they were quoted in.</summary>
internal sealed record EstimateAccuracy(long Samples, double? MeanAbsoluteErrorSeconds, double? MeanErrorSeconds);

/// <summary>One attendant's figures: <c>AttendantId</c> is their user id, or the recorded name when it is no user's.</summary>
internal sealed record AttendantFigures(string AttendantId, string? AttendantName, long Served, long NoShows, double? AverageServiceSeconds, double? AverageWaitSeconds);

/// <summary>Served segments by the outcome the attendant gave on completing; null for those completed without one.</summary>
internal sealed record ServiceOutcomeFigures(string? ServiceOutcome, long Served);
