namespace ServiceQueue.AppHost.Telemetry;

/// <summary>
/// One export of an instrument, summed over its attribute sets: <see cref="Value"/> for gauges and sums,
/// <see cref="Count"/> and <see cref="Sum"/> for histograms.
/// </summary>
public sealed record MetricPoint(DateTimeOffset Time, double Value, long Count, double Sum);
