using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.ServiceDefaults.Resilience;

/// <summary>
/// The standard HTTP resilience pipeline, bound from the <c>Resilience</c> section
/// (e.g. <c>Resilience__MaxRetryAttempts=5</c>). Defaults follow Microsoft.Extensions.Http.Resilience's standard handler.
/// </summary>
public sealed class ResilienceOptions
{
    public const string SectionName = "Resilience";

    /// <summary>The whole call, all attempts and delays included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry POST and PATCH too. Off by default: a repeated non-idempotent call may act twice.</summary>
    public bool RetryNonIdempotentMethods { get; set; }

    /// <summary>Share of failed calls within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.001, 1.0)]
    public double FailureRatio { get; set; } = 0.1;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls needed within the sampling window before the ratio is judged.</summary>
    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 100;

    /// <summary>How long an open circuit rejects calls before letting one through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
