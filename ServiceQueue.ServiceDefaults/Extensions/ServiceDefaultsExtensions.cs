using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Health;
using ServiceQueue.ServiceDefaults.Telemetry;

// The templates' namespace: every Program.cs finds these without a using.
namespace Microsoft.Extensions.Hosting;

/// <summary>What every ServiceQueue service shares; see docs/service-defaults.md.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Activity sources of the client libraries the services use, beside the instrumentations.</summary>
    private static readonly string[] LibrarySources =
    [
        "RabbitMQ.Client.*",
        "OpenTelemetry.Instrumentation.StackExchangeRedis",
    ];

    /// <summary>
    /// Fail-fast start-up, OpenTelemetry, the default health checks, service discovery and the standard
    /// resilience handler on every HttpClient. Call it first, right after creating the builder.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Properties.TryAdd(typeof(ServiceDefaultsExtensions), true))
        {
            return builder;
        }

        // First, so that even a bad OTEL_* setting read below is reported as one line.
        StartupFailureReporter.Install(OtlpExportSettings.ServiceName(builder.Configuration, builder.Environment.ApplicationName));

        // Options validated on start are validated when the container is built, before the host logs anything.
        var development = builder.Environment.IsDevelopment();
        builder.ConfigureContainer(new StartupValidatingServiceProviderFactory(new ServiceProviderOptions
        {
            ValidateScopes = development,
            ValidateOnBuild = development,
        }));

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces through OpenTelemetry.Extensions.Hosting; OTLP export only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, configured by the SDK from the standard OTEL_* keys.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var export = OtlpExportSettings.IsExportConfigured(builder.Configuration);

        // The exporter's own HttpClient gets the standard resilience handler, which logs every attempt at Information.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // ASP.NET Core's request lines carry the whole URL, query string included, and a browser's SignalR
        // connection puts its access token there; the request's span already says what the line would.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.Wildcard))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryNames.Wildcard)
                .AddSource(LibrarySources)
                // Probes every few seconds would drown the traces; a filtered request's children are dropped with it.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = static context => !HealthEndpoints.IsProbe(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation());

        if (export)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>A <c>self</c> check tagged <see cref="HealthTags.Live"/>; services add theirs with <see cref="HealthTags.Ready"/>.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // A second "self" registration would make every probe fail with a duplicate-name error.
        if (!builder.Properties.TryAdd(typeof(HealthTags), true))
        {
            return builder;
        }

        builder.Services.AddHealthChecks()
            .AddCheck("self", static () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> (every check) and <c>/alive</c> (live checks only), in every environment: the
    /// orchestrator's probes need them in production too. Answers 200 or 503 with a JSON body.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpoints.HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(HealthEndpoints.AlivePath, new HealthCheckOptions
        {
            Predicate = static registration => registration.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
