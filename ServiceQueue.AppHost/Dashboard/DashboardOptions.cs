using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>Where the developer dashboard and the OTLP receiver listen, and how much they keep.</summary>
public sealed record DashboardOptions
{
    public const int DefaultPort = 18888;
    public const int DefaultOtlpPort = 4318;

    /// <summary>Off: no dashboard, no receiver, and services export nothing.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The dashboard's port on loopback; ignored (a free one is used) when ports are isolated.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The OTLP/HTTP receiver's port on 127.0.0.1; ignored (a free one is used) when ports are isolated.</summary>
    public int OtlpPort { get; init; } = DefaultOtlpPort;

    /// <summary>How often services export metrics to the receiver (<c>OTEL_METRIC_EXPORT_INTERVAL</c>).</summary>
    public TimeSpan MetricExportInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TelemetryLimits Limits { get; init; } = new();
}
