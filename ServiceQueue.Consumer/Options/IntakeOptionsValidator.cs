using Microsoft.Extensions.Options;

namespace ServiceQueue.Consumer.Options;

/// <summary>The rules data annotations cannot say: positive durations and consistent bounds.</summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(IntakeOptions.MaxAge), options.MaxAge);
        Positive(failures, nameof(IntakeOptions.BrokerDeadline), options.BrokerDeadline);
        Positive(failures, nameof(IntakeOptions.RetryBaseDelay), options.RetryBaseDelay);
        Positive(failures, nameof(IntakeOptions.RetryMaxDelay), options.RetryMaxDelay);
        Positive(failures, nameof(IntakeOptions.QueueCacheTtl), options.QueueCacheTtl);
        Positive(failures, nameof(IntakeOptions.ShutdownGrace), options.ShutdownGrace);
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{IntakeOptions.SectionName}:{nameof(IntakeOptions.RetryMaxDelay)} must be at least {nameof(IntakeOptions.RetryBaseDelay)}");
        }

        if (options.BatchDelay < TimeSpan.Zero || options.BatchDelay >= options.BrokerDeadline)
        {
            failures.Add($"{IntakeOptions.SectionName}:{nameof(IntakeOptions.BatchDelay)} must be zero or more and less than {nameof(IntakeOptions.BrokerDeadline)}");
        }

        // A batch can only fill when RabbitMQ may hand out that many unacked deliveries at once.
        if (options.BatchSize > options.Prefetch)
        {
            failures.Add($"{IntakeOptions.SectionName}:{nameof(IntakeOptions.BatchSize)} must not exceed {nameof(IntakeOptions.Prefetch)}");
        }

        if (options.Parallelism > options.Prefetch)
        {
            failures.Add($"{IntakeOptions.SectionName}:{nameof(IntakeOptions.Parallelism)} must not exceed {nameof(IntakeOptions.Prefetch)}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{IntakeOptions.SectionName}:{key} must be a positive duration");
        }
    }
}
