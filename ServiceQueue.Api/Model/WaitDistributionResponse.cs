namespace ServiceQueue.Api.Model;

/// <summary>
/// How long the tickets called in a queue waited (entering the queue to the first call), counted per band over the segments that
/// finished in [From, To); <c>Count</c> is the sum of the bands.
/// </summary>
internal sealed record WaitDistributionResponse(
    string Branch,
    string Queue,
    DateTimeOffset From,
    DateTimeOffset To,
    int? SlaSeconds,
    long Count,
    IReadOnlyList<WaitBand> Bands);

/// <summary>Waits of at least <c>FromMinutes</c> and under <c>ToMinutes</c> (null: no upper bound).</summary>
internal sealed record WaitBand(int FromMinutes, int? ToMinutes, long Count);
