using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceQueue.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the tracer and meter providers for the host's lifetime: built when the host starts (this is the
/// first hosted service), flushed when it stops, disposed with the container. It stands in for
/// OpenTelemetry.Extensions.Hosting, which cannot be had here.
/// </summary>
internal sealed class TelemetryHost : IHostedService, IDisposable
{
    /// <summary>Activity sources the framework and our libraries already emit; no instrumentation package needed.</summary>
    public static readonly string[] ActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        TelemetryNames.Wildcard,
        "RabbitMQ.Client.*",
    ];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        TelemetryNames.Wildcard,
    ];

    // Bounded so a missing receiver cannot hold up shutdown.
    private const int FlushTimeoutMilliseconds = 5_000;

    public TelemetryHost(TelemetrySettings settings, IEnumerable<TelemetryCustomization> customizations)
    {
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(settings.CreateResource())
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddSource(ActivitySources);
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(settings.CreateResource())
            .AddMeter(Meters);

        if (settings.Endpoint is not null)
        {
            tracing.AddOtlpExporter(o => Apply(settings, o, "traces"));
            metrics.AddOtlpExporter((o, reader) =>
            {
                Apply(settings, o, "metrics");
                if (settings.MetricExportIntervalMilliseconds is { } interval)
                {
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }
            });
        }

        foreach (var customization in customizations)
        {
            customization.Tracing?.Invoke(tracing);
            customization.Metrics?.Invoke(metrics);
        }

        IsExporting = settings.Endpoint is not null;
        TracerProvider = tracing.Build();
        MeterProvider = metrics.Build();
    }

    public TracerProvider TracerProvider { get; }

    public MeterProvider MeterProvider { get; }

    public bool IsExporting { get; }

    public static void Apply(TelemetrySettings settings, OpenTelemetry.Exporter.OtlpExporterOptions options, string signal)
    {
        // Set explicitly: an endpoint given in code is used as is, so the /v1/{signal} path is ours to add.
        options.Endpoint = settings.SignalEndpoint(signal);
        options.Protocol = settings.Protocol;
        if (!string.IsNullOrWhiteSpace(settings.Headers))
        {
            options.Headers = settings.Headers;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        TracerProvider.ForceFlush(FlushTimeoutMilliseconds);
        MeterProvider.ForceFlush(FlushTimeoutMilliseconds);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        TracerProvider.Dispose();
        MeterProvider.Dispose();
    }
}
