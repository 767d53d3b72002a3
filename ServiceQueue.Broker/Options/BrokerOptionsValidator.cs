using Microsoft.Extensions.Options;

namespace ServiceQueue.Broker.Options;

/// <summary>Bounds the durations, which data annotations cannot express, naming the key that is wrong.</summary>
internal sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        var failures = new List<string>();
        Check(options.HeartbeatInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10), nameof(options.HeartbeatInterval), failures);
        Check(options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(options.PollInterval), failures);
        Check(options.OperationTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), nameof(options.OperationTimeout), failures);
        Check(options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), nameof(options.ConnectTimeout), failures);
        Check(options.DefaultServiceTime, TimeSpan.FromSeconds(1), TimeSpan.FromHours(8), nameof(options.DefaultServiceTime), failures);
        Check(options.AttendantActiveWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(options.AttendantActiveWindow), failures);
        Check(options.FinishedTicketRetention, TimeSpan.FromSeconds(1), TimeSpan.FromDays(365), nameof(options.FinishedTicketRetention), failures);
        Check(options.AlertInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(options.AlertInterval), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(TimeSpan value, TimeSpan min, TimeSpan max, string key, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{BrokerOptions.SectionName}:{key} must be between {min} and {max} (was {value}).");
        }
    }
}
