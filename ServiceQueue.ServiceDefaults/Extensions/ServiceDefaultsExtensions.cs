using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Discovery;
using ServiceQueue.ServiceDefaults.Health;
using ServiceQueue.ServiceDefaults.Resilience;
using ServiceQueue.ServiceDefaults.Telemetry;

// The templates' namespace: every Program.cs finds these without a using.
namespace Microsoft.Extensions.Hosting;

/// <summary>What every ServiceQueue service shares; see docs/service-defaults.md.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Telemetry, health checks, service discovery and resilience for HttpClients, and the fail-fast
    /// report of missing settings. Call it first, right after creating the builder.
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
        StartupFailureReporter.Install(TelemetrySettings.ServiceNameFrom(builder.Configuration, builder.Environment.ApplicationName));
        var telemetry = TelemetrySettings.From(builder.Configuration, builder.Environment.ApplicationName);

        // Options validated on start are validated when the container is built, before the host logs anything.
        var development = builder.Environment.IsDevelopment();
        builder.ConfigureContainer(new StartupValidatingServiceProviderFactory(new ServiceProviderOptions
        {
            ValidateScopes = development,
            ValidateOnBuild = development,
        }));

        builder.ConfigureOpenTelemetry(telemetry);
        builder.AddDefaultHealthChecks();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ServiceEndpointResolver>();
        builder.Services.TryAddSingleton<HttpResiliencePipelines>();
        builder.Services.AddOptions<ResilienceOptions>()
            .BindConfiguration(ResilienceOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResilienceOptions>, ResilienceOptionsValidator>());

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience outside discovery: every attempt resolves the address again.
            http.ConfigureAdditionalHttpMessageHandlers(static (handlers, services) =>
                handlers.Add(new StandardResilienceHandler(services.GetRequiredService<HttpResiliencePipelines>())));
            http.AddHttpMessageHandler(static services => new ServiceDiscoveryHandler(services.GetRequiredService<ServiceEndpointResolver>()));
        });

        return builder;
    }

    /// <summary>
    /// Tracing and metrics through providers the host owns, logs through the OpenTelemetry logger
    /// provider; OTLP export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder, TelemetrySettings settings)
    {
        builder.Services.TryAddSingleton(settings);
        builder.Services.TryAddSingleton<TelemetryHost>();
        // Inserted first so the providers listen before any other hosted service starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(static services => services.GetRequiredService<TelemetryHost>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ServerActivityStartupFilter>());

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging =>
        {
            logging.SetResourceBuilder(settings.CreateResource());
            if (settings.Endpoint is not null)
            {
                logging.AddOtlpExporter(o => TelemetryHost.Apply(settings, o, "logs"));
            }
        });
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
