namespace ServiceQueue.AppHost.Telemetry;

/// <summary>How much telemetry the AppHost keeps in memory: the oldest goes first once a cap is reached.</summary>
public sealed record TelemetryLimits
{
    public int MaxSpans { get; init; } = 20_000;

    public int MaxLogs { get; init; } = 20_000;

    /// <summary>Distinct (service, instrument) pairs; points for further ones are dropped.</summary>
    public int MaxMetricSeries { get; init; } = 2_000;

    public int MaxPointsPerSeries { get; init; } = 720;

    public int MaxConsoleLinesPerResource { get; init; } = 5_000;

    /// <summary>The largest export body accepted, in bytes (the OpenTelemetry .NET exporter batches 512 spans).</summary>
    public long MaxRequestBytes { get; init; } = 16 * 1024 * 1024;
}
