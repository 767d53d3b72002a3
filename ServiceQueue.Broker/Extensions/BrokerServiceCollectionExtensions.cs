using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Events;
using ServiceQueue.Broker.Options;
using ServiceQueue.Broker.Storage;
using ServiceQueue.Broker.Telemetry;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.ServiceDefaults.Health;

namespace ServiceQueue.Broker.Extensions;

internal static class BrokerServiceCollectionExtensions
{
    /// <summary>Everything the Broker adds to the host: its services, the gRPC server and the readiness check that follows Redis.</summary>
    public static IHostApplicationBuilder AddBrokerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddBroker(builder.Configuration);
        builder.Services.AddGrpcServer();
        builder.Services.AddHealthChecks().AddReadyCheck<RedisHealthCheck>("redis");
        return builder;
    }

    /// <summary>
    /// The Broker's own services: options (validated at start), the Redis connection, the scripts,
    /// the store, and the event pump with its Watch feed.
    /// </summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetRequiredConnectionString("redis", "Redis connection string, StackExchange format");

        services.AddOptions<BrokerOptions>()
            .Bind(configuration.GetSection(BrokerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.AddSingleton(new RedisEndpoint(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<LuaScripts>();
        services.AddSingleton<QueueStore>();
        services.AddSingleton<EventPump>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPump>());
        services.AddSingleton<EventFeed>();
        services.AddMetrics();
        services.AddSingleton<QueueGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueGauges>());
        return services;
    }
}
