using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceQueue.Api.Options;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Health;

namespace ServiceQueue.Api.Storage;

internal static class StorageServiceExtensions
{
    /// <summary>
    /// The DbContext over <c>ConnectionStrings__servicequeuedb</c>, registered as Aspire's Pomelo integration
    /// would: pooled, retried on transient failures, a readiness check, EF Core in traces and metrics; then the
    /// migrations at start and the stores.
    /// </summary>
    public static IHostApplicationBuilder AddServiceQueueDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString(
            ServiceQueueDbContext.ConnectionName, "MySQL: Server=H;Port=P;User ID=U;Password=W;Database=servicequeuedb");
        var serverVersion = builder.Configuration[StorageOptions.ServerVersionKey];
        var services = builder.Services;

        services.AddPooledDbContextFactory<ServiceQueueDbContext>(database => database.UseMySql(
            connectionString,
            // Detected once, when the pool is first used, unless configured (MariaDB here, MySQL 8.4 in the cluster).
            serverVersion is null ? ServerVersion.AutoDetect(connectionString) : ServerVersion.Parse(serverVersion),
            mySql => mySql.EnableRetryOnFailure().MigrationsAssembly(typeof(ServiceQueueDbContext).Assembly.GetName().Name)));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<ServiceQueueDbContext>>().CreateDbContext());
        services.AddHealthChecks().AddDbContextCheck<ServiceQueueDbContext>("mysql", tags: [HealthTags.Ready]);
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddEntityFrameworkCoreInstrumentation());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter("Microsoft.EntityFrameworkCore", "MySqlConnector"));

        services.AddOptions<MigrationOptions>().BindConfiguration(MigrationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddBranchOptions();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<BranchStore>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<HistoryQueries>().AddSingleton<SeriesQueries>().AddSingleton<AuditQueries>().AddSingleton<AlertQueries>();
        services.AddSingleton<PauseReasonStore>().AddSingleton<PresenceQueries>();
        return builder;
    }
}
