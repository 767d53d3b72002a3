namespace ServiceQueue.ServiceDefaults.Resilience;

/// <summary>
/// The standard HTTP resilience pipeline, bound from the <c>Resilience</c> section
/// (e.g. <c>Resilience__MaxRetryAttempts=5</c>) and checked at start by <see cref="ResilienceOptionsValidator"/>.
/// Defaults follow Microsoft.Extensions.Http.Resilience's standard handler.
/// </summary>
public sealed class ResilienceOptions
{
    public const string SectionName = "Resilience";

    /// <summary>The whole call, all attempts and delays included.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry POST and PATCH too. Off by default: a repeated non-idempotent call may act twice.</summary>
    public bool RetryNonIdempotentMethods { get; set; }

    /// <summary>Share of failed calls within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.1;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls needed within the sampling window before the ratio is judged.</summary>
    public int MinimumThroughput { get; set; } = 100;

    /// <summary>How long an open circuit rejects calls before letting one through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
