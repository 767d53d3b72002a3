using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Options;
using ServiceQueue.Broker.Storage;

namespace ServiceQueue.Broker.Alerts;

/// <summary>
/// Ticks the alert rules every <see cref="BrokerOptions.AlertInterval"/>: one script per branch (from the registry of
/// branches, never a key scan). Every replica runs it; Redis runs one script at a time and each tick is idempotent,
/// so replicas never raise an alert twice, and an alert keeps being evaluated while any replica lives.
/// </summary>
internal sealed partial class AlertEvaluator(
    QueueStore queues, AlertStore alerts, IOptions<BrokerOptions> options, TimeProvider time, ILogger<AlertEvaluator> logger) : BackgroundService
{
    /// <summary>One tick over every branch: what the timer runs, and what tests call with a clock they move.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        foreach (var branch in await queues.ListBranchesAsync(cancellationToken))
        {
            var tick = await alerts.EvaluateAsync(branch, cancellationToken);
            if (tick.Raised + tick.Updated + tick.Cleared > 0)
            {
                LogTick(logger, branch, tick.Raised, tick.Updated, tick.Cleared);
            }
            else if (tick.Skipped)
            {
                LogSkipped(logger, branch);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AlertInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvaluateAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis away: the health check reports it; the next tick evaluates from the state Redis keeps.
                LogTickFailed(logger, error.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alerts of branch {Branch}: {Raised} raised, {Updated} updated, {Cleared} cleared")]
    private static partial void LogTick(ILogger logger, string branch, int raised, int updated, int cleared);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert tick of branch {Branch} skipped: this replica's clock is behind the last tick's")]
    private static partial void LogSkipped(ILogger logger, string branch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evaluate the alert rules: {ErrorType}")]
    private static partial void LogTickFailed(ILogger logger, string errorType);
}
