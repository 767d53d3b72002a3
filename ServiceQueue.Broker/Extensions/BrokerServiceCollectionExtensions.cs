using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Events;
using ServiceQueue.Broker.Options;
using ServiceQueue.Broker.Storage;

namespace ServiceQueue.Broker.Extensions;

internal static class BrokerServiceCollectionExtensions
{
    /// <summary>
    /// The Broker's own services: options (validated at start), the Redis connection, the scripts,
    /// the store, and the event pump with its Watch feed.
    /// </summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Missing required configuration key ConnectionStrings:redis (environment: ConnectionStrings__redis).");
        }

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
        return services;
    }
}
