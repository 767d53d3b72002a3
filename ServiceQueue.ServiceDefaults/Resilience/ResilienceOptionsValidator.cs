using System.Globalization;
using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Resilience;

/// <summary>
/// Checks the bounds Polly itself enforces, at start and naming each key as an operator sets it,
/// instead of failing at the first HTTP call.
/// </summary>
internal sealed class ResilienceOptionsValidator : IValidateOptions<ResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, ResilienceOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.TotalRequestTimeout), options.TotalRequestTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        Check(failures, nameof(options.AttemptTimeout), options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        Check(failures, nameof(options.MaxRetryAttempts), options.MaxRetryAttempts, 0, 100);
        Check(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Check(failures, nameof(options.FailureRatio), options.FailureRatio, 0.001, 1.0);
        Check(failures, nameof(options.SamplingDuration), options.SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Check(failures, nameof(options.MinimumThroughput), options.MinimumThroughput, 2, int.MaxValue);
        Check(failures, nameof(options.BreakDuration), options.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check<T>(List<string> failures, string property, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{ResilienceOptions.SectionName}__{property} must be between {min} and {max} (is {value})"));
        }
    }
}
