namespace ServiceQueue.AppHost.Telemetry;

/// <summary>An instrument of one service over time. Temporality says whether points are totals (cumulative) or changes (delta).</summary>
public sealed record MetricSeriesView(
    string Service,
    string Meter,
    string Name,
    string Unit,
    string Description,
    string Kind,
    string Temporality,
    IReadOnlyList<MetricPoint> Points);
