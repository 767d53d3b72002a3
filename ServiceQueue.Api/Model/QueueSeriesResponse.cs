namespace ServiceQueue.Api.Model;

/// <summary>
/// A queue's figures bucket by bucket over [From, To): consecutive buckets of <c>Bucket</c> (<c>hour</c> or <c>day</c>) from
/// <c>From</c>, every one present (zeros when empty), the last cut short at <c>To</c>.
/// </summary>
internal sealed record QueueSeriesResponse(
    string Branch,
    string Queue,
    DateTimeOffset From,
    DateTimeOffset To,
    string Bucket,
    int? SlaSeconds,
    IReadOnlyList<SeriesPoint> Points);

/// <summary>
/// One bucket: <c>Arrivals</c> are segments that entered the queue in it; every other figure counts segments that finished in it,
/// defined as in <see cref="QueueStatsResponse"/>. Shares and averages are null where nothing was counted (or no SLA is set).
/// </summary>
internal sealed record SeriesPoint(
    DateTimeOffset Start,
    long Arrivals,
    long Served,
    long NoShows,
    long Removed,
    long CancelledByCustomer,
    long TransferredOut,
    long? ServedWithinSla,
    double? WithinSlaShare,
    double? AverageWaitSeconds,
    long EstimateSamples,
    double? EstimateMeanErrorSeconds,
    double? EstimateMeanAbsoluteErrorSeconds);
