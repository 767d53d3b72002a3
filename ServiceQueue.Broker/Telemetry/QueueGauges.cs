using System.Diagnostics.Metrics;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Storage;
using ServiceQueue.ServiceDefaults.Telemetry;

namespace ServiceQueue.Broker.Telemetry;

/// <summary>
/// The live queues as gauges (<c>ServiceQueue.Broker</c> meter): tickets waiting, being called or
/// served, and parked, per queue of every branch (tags <c>branch</c> and <c>queue</c>). Read from Redis on
/// a timer, so an export never waits on Redis: one call for the registry of branches, then one per branch,
/// each short, so a chain of branches never holds Redis for long and nothing scans the keyspace.
/// </summary>
internal sealed partial class QueueGauges : BackgroundService
{
    public static readonly string MeterName = TelemetryNames.For("Broker");

    // Gauges are exported every few seconds; reading more often would only load Redis.
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly QueueStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueGauges> _logger;
    private IReadOnlyList<QueueSummary> _latest = [];

    public QueueGauges(QueueStore store, IMeterFactory meterFactory, TimeProvider time, ILogger<QueueGauges> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("servicequeue.queue.waiting", () => Observe(q => q.Waiting), "{ticket}", "Tickets waiting to be called, per queue and branch");
        meter.CreateObservableGauge("servicequeue.queue.active", () => Observe(q => q.Active), "{ticket}", "Tickets called or being served, per queue and branch");
        meter.CreateObservableGauge("servicequeue.queue.parked", () => Observe(q => q.Parked), "{ticket}", "Tickets parked out of the calling order, per queue and branch");
    }

    /// <summary>Reads every branch's queues once; the gauges report what the last successful read saw.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var queues = new List<QueueSummary>();
        foreach (var branch in await _store.ListBranchesAsync(cancellationToken))
        {
            queues.AddRange(await _store.ListQueuesAsync(branch, cancellationToken));
        }

        _latest = queues;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, _time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis away: the health check reports it; the gauges keep their last values.
                LogRefreshFailed(error.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<int>> Observe(Func<QueueSummary, int> value) =>
        _latest.Select(q => new Measurement<int>(
            value(q),
            new KeyValuePair<string, object?>("branch", q.Definition.Branch),
            new KeyValuePair<string, object?>("queue", q.Definition.Code)));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the queues for the gauges: {ErrorType}")]
    private partial void LogRefreshFailed(string errorType);
}
