using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Model;
using ServiceQueue.Realtime.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// Tells the supervisor pages watching a branch that its floor changed: every event of the Broker's stream marks
/// its branch, and at most once per <c>Realtime:FloorPushInterval</c> each marked branch's group gets one
/// <c>FloorChanged</c>. A busy branch costs its watchers one read per interval, however many events it had. Alert
/// events (raised, updated, acknowledged, cleared) are sent as they are, as <c>Alert</c>, in the same pass and in
/// stream order, so a supervisor is told of every one; nothing here awaits a socket on the stream's reader.
/// </summary>
internal sealed partial class FloorNotifier(
    IHubContext<SupervisorHub> supervisors,
    IOptions<RealtimeOptions> options,
    IOptions<BranchOptions> branches,
    TimeProvider time,
    ILogger<FloorNotifier> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly string _defaultBranch = branches.Value.Default;
    private HashSet<string> _changed = new(StringComparer.Ordinal);
    private List<AlertView> _alerts = [];

    public void Notice(QueueEvent e)
    {
        var branch = BrokerBranches.Or(e.Branch, _defaultBranch);
        lock (_gate)
        {
            _changed.Add(branch);
            if (e.Alert is { } alert)
            {
                _alerts.Add(FloorViews.ToView(alert, _defaultBranch));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FloorPushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            HashSet<string> changed;
            List<AlertView> alerts;
            lock (_gate)
            {
                if (_changed.Count == 0)
                {
                    continue;
                }

                (changed, alerts) = (_changed, _alerts);
                _changed = new HashSet<string>(StringComparer.Ordinal);
                _alerts = [];
            }

            foreach (var alert in alerts)
            {
                try
                {
                    await supervisors.Clients.Group(SupervisorHub.GroupOf(alert.Branch)).SendAsync("Alert", alert, stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogPushFailed(logger, alert.Branch, failure.GetType().Name);
                }
            }

            foreach (var branch in changed)
            {
                try
                {
                    await supervisors.Clients.Group(SupervisorHub.GroupOf(branch)).SendAsync("FloorChanged", branch, stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogPushFailed(logger, branch, failure.GetType().Name);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Telling the supervisors of branch {Branch} that its floor changed failed ({Failure})")]
    private static partial void LogPushFailed(ILogger logger, string branch, string failure);
}
