using System.Diagnostics.Metrics;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Storage;
using ServiceQueue.ServiceDefaults.Telemetry;

namespace ServiceQueue.Broker.Telemetry;

/// <summary>
/// The live queues as gauges (<c>ServiceQueue.Broker</c> meter): tickets waiting, being called or
/// served, and parked, per queue. Read from Redis on a timer, so an export never waits on Redis.
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
        meter.CreateObservableGauge("servicequeue.queue.waiting", () => Observe(q => q.Waiting), "{ticket}", "Tickets waiting to be called, per queue");
        meter.CreateObservableGauge("servicequeue.queue.active", () => Observe(q => q.Active), "{ticket}", "Tickets called or being served, per queue");
        meter.CreateObservableGauge("servicequeue.queue.parked", () => Observe(q => q.Parked), "{ticket}", "Tickets parked out of the calling order, per queue");
    }

    /// <summary>Reads the queues once; the gauges report what the last successful read saw.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        _latest = await _store.ListQueuesAsync(cancellationToken);

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
        _latest.Select(q => new Measurement<int>(value(q), new KeyValuePair<string, object?>("queue", q.Definition.Code)));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the queues for the gauges: {ErrorType}")]
    private partial void LogRefreshFailed(string errorType);
}
