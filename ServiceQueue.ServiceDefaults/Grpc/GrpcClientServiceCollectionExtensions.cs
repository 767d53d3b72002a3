using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Resilience;

namespace ServiceQueue.ServiceDefaults.Grpc;

public static class GrpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> (a class taking a <see cref="GrpcClient"/> in its constructor,
    /// or <see cref="GrpcClient"/> itself) over a named HttpClient set up for gRPC: HTTP/2 prior knowledge,
    /// several HTTP/2 connections, keep-alive pings, no overall HttpClient timeout (deadlines apply instead).
    /// Add delegating handlers (e.g. service discovery) on the returned builder. No HTTP resilience handler
    /// is added (the one the defaults give every client is taken off): gRPC calls retry by status (<see cref="GrpcCallOptions.IsIdempotent"/>), not by HTTP code.
    /// </summary>
    public static IHttpClientBuilder AddGrpcClient<TClient>(this IServiceCollection services, Uri address, Action<GrpcClientOptions>? configure = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(address);
        var name = $"grpc:{typeof(TClient).FullName}";

        var options = services.AddOptions<GrpcClientOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();

        services.TryAddTransient(provider =>
        {
            var grpc = new GrpcClient(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
                provider.GetRequiredService<IOptionsMonitor<GrpcClientOptions>>().Get(name));
            return grpc as TClient ?? ActivatorUtilities.CreateInstance<TClient>(provider, grpc);
        });

        return services
            .AddHttpClient(name, client =>
            {
                client.BaseAddress = address;
                client.DefaultRequestVersion = HttpVersion.Version20;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // One HTTP/2 connection caps concurrent streams (often 100); open more instead of queueing.
                EnableMultipleHttp2Connections = true,
                // Pings keep long server streams alive through idle-timeout proxies and detect dead peers.
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            })
            // The defaults give every HttpClient an HTTP resilience handler; gRPC retries by status instead.
            .WithoutStandardResilience();
    }
}
