using Microsoft.Extensions.Options;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.BrokerClient;

/// <summary>
/// Keeps the Broker's queue definitions equal to MySQL's: at start (retrying until the Broker answers,
/// without holding up the host) and then every <see cref="IntakeOptions.ReconcileInterval"/>, pushing only
/// the definitions that differ, so an unchanged queue emits no QUEUE_UPDATED event; and each branch's active pause
/// reasons (issue 18), pushed whole every pass.
/// </summary>
internal sealed partial class QueueReconciler(
    QueueDefinitionStore store, PauseReasonStore pauseReasons, BrokerQueues broker, IOptions<IntakeOptions> options, TimeProvider clock, ILogger<QueueReconciler> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var retryDelay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pushed = await ReconcileAsync(stoppingToken);
                LogReconciled(logger, pushed);
                retryDelay = FirstRetryDelay;
                await Task.Delay(options.Value.ReconcileInterval, clock, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a cancelled Broker call ends as CANCELLED, not as OperationCanceledException.
                return;
            }
            catch (Exception error)
            {
                LogRetrying(logger, retryDelay, error.Message);
                await Task.Delay(retryDelay, clock, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, options.Value.RetryMaxDelay.Ticks));
            }
        }
    }

    /// <summary>One pass; returns how many definitions it pushed.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListAllAsync(cancellationToken);
        var pushed = 0;
        // Branch by branch: the Broker lists one branch's queues at a time, and a branch's list is read once.
        foreach (var branch in stored.GroupBy(row => row.BranchCode, StringComparer.Ordinal))
        {
            pushed += await ReconcileAsync(branch.Key, branch, cancellationToken);
        }

        // Every branch's pause reasons, always: the Broker has no call to read them back, and setting them appends no event.
        foreach (var (branch, codes) in await pauseReasons.ActiveByBranchAsync(cancellationToken))
        {
            await broker.SetPauseReasonsAsync(branch, codes, cancellationToken);
        }

        return pushed;
    }

    private async Task<int> ReconcileAsync(string branch, IEnumerable<QueueDefinitionRow> stored, CancellationToken cancellationToken)
    {
        var live = (await broker.ListAsync(branch, cancellationToken)).ToDictionary(q => q.Definition.Code, q => q.Definition, StringComparer.Ordinal);
        var pushed = 0;
        foreach (var row in stored)
        {
            var settings = row.ToSettings();
            if (!live.TryGetValue(settings.Code, out var current) || !current.Equals(BrokerQueues.ToProto(settings)))
            {
                await broker.UpsertAsync(settings, cancellationToken);
                pushed++;
            }
        }

        return pushed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue definitions reconciled with the Broker; {Pushed} pushed")]
    private static partial void LogReconciled(ILogger logger, int pushed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reconcile queue definitions with the Broker, retrying in {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, TimeSpan delay, string reason);
}
