using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ServiceQueue.ServiceDefaults.Grpc;

public static class GrpcServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcService"/> needs: options bound from
    /// the <c>GrpcServer</c> section and validated at start, health checks, and the routing policy.
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks();
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, GrpcFallbackMatcherPolicy>());
        return services;
    }
}
