using Microsoft.Extensions.Logging;

namespace ServiceQueue.ServiceDefaults.Resilience;

internal static partial class ResilienceLog
{
    [LoggerMessage(1, LogLevel.Warning, "HTTP calls to {Authority}: attempt {AttemptNumber} failed ({Failure}), retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string authority, int attemptNumber, string failure, double delayMs);

    [LoggerMessage(2, LogLevel.Error, "HTTP calls to {Authority}: circuit opened for {BreakDurationMs} ms after {Failure}")]
    public static partial void CircuitOpened(ILogger logger, string authority, double breakDurationMs, string failure);

    [LoggerMessage(3, LogLevel.Information, "HTTP calls to {Authority}: circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string authority);
}
