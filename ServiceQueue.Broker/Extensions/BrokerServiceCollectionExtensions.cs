using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Alerts;
using ServiceQueue.Broker.Events;
using ServiceQueue.Broker.Grpc;
using ServiceQueue.Broker.Options;
using ServiceQueue.Broker.Storage;
using ServiceQueue.Broker.Telemetry;
using ServiceQueue.ServiceDefaults.Branches;
using StackExchange.Redis;
using HealthService = Grpc.Health.V1.Health;
using V1 = ServiceQueue.Broker.V1;

namespace ServiceQueue.Broker.Extensions;

internal static class BrokerServiceCollectionExtensions
{
    /// <summary>The section the gRPC server's limits are bound from (e.g. <c>GrpcServer__MaxReceiveMessageSize</c>).</summary>
    private const string GrpcServerSection = "GrpcServer";

    /// <summary>Everything the Broker adds to the host: its services, the gRPC server and the gRPC health service that follows Redis.</summary>
    public static IHostApplicationBuilder AddBrokerServices(this IHostApplicationBuilder builder)
    {
        builder.AddBroker();

        builder.Services.AddGrpc(options =>
        {
            // The first is outermost: the span sees the status the exception mapping chose.
            options.Interceptors.Add<RpcActivityInterceptor>();
            options.Interceptors.Add<BrokerExceptionInterceptor>();
        });
        builder.Services.AddOptions<GrpcServiceOptions>()
            .BindConfiguration(GrpcServerSection)
            .Validate(o => o.MaxReceiveMessageSize is null or > 0, $"{GrpcServerSection}:MaxReceiveMessageSize must be positive.")
            .ValidateOnStart();

        builder.Services.AddGrpcHealthChecks(options =>
        {
            // Every call runs the checks (no cached answer), so NOT_SERVING and SERVING follow Redis at once.
            options.UseHealthChecksCache = false;
            options.Services.Map(V1.QueueBroker.Descriptor.FullName, static _ => true);
            options.Services.Map(HealthService.Descriptor.FullName, static _ => true);
        });
        return builder;
    }

    /// <summary>
    /// The Broker's own services: options (validated at start), the Redis client (Aspire's, with its
    /// health check and tracing), the scripts, the store, and the event pump with its Watch feed.
    /// </summary>
    public static IHostApplicationBuilder AddBroker(this IHostApplicationBuilder builder)
    {
        // Checked here, not left to the Redis client, so a missing key is one line naming it.
        builder.Configuration.GetRequiredConnectionString(RedisClient.ConnectionName, "Redis connection string, StackExchange format");

        var services = builder.Services;
        services.AddOptions<BrokerOptions>()
            .Bind(builder.Configuration.GetSection(BrokerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.AddBranchOptions();

        builder.AddRedisClient(RedisClient.ConnectionName);
        services.AddOptions<ConfigurationOptions>().PostConfigure<IOptions<BrokerOptions>>((redis, broker) => RedisClient.Configure(redis, broker.Value));
        services.AddHostedService<RedisConnectionLog>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LuaScripts>();
        services.AddSingleton<QueueStore>();
        services.AddSingleton<PresenceStore>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        services.AddSingleton<EventPump>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPump>());
        services.AddSingleton<EventFeed>();
        services.AddMetrics();
        services.AddSingleton<QueueGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueGauges>());
        return builder;
    }
}
