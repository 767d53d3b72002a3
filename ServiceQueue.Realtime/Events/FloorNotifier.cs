using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// Tells the supervisor pages watching a branch that its floor changed: every event of the Broker's stream marks
/// its branch, and at most once per <c>Realtime:FloorPushInterval</c> each marked branch's group gets one
/// <c>FloorChanged</c>. A busy branch costs its watchers one read per interval, however many events it had.
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

    public void Notice(QueueEvent e)
    {
        var branch = BrokerBranches.Or(e.Branch, _defaultBranch);
        lock (_gate)
        {
            _changed.Add(branch);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FloorPushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            HashSet<string> changed;
            lock (_gate)
            {
                if (_changed.Count == 0)
                {
                    continue;
                }

                changed = _changed;
                _changed = new HashSet<string>(StringComparer.Ordinal);
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
