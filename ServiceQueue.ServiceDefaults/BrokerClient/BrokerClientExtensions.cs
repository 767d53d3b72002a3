using System.Net;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceQueue.ServiceDefaults.Health;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ServiceQueue.ServiceDefaults.BrokerClient;

/// <summary>
/// Registers a service's generated client of the Broker (each service compiles <c>broker.proto</c> itself)
/// with Grpc.Net.ClientFactory, and a readiness check that follows the Broker through grpc.health.v1.
/// </summary>
public static class BrokerClientExtensions
{
    /// <summary>The Broker's gRPC endpoint as Aspire and Kubernetes name it, resolved by service discovery from <c>services__broker__grpc__0</c>.</summary>
    public static readonly Uri Address = new("http://_grpc.broker");

    public const string AddressKey = "services:broker:grpc:0";

    /// <summary>
    /// Registers <typeparamref name="TClient"/> (the generated <c>QueueBroker.QueueBrokerClient</c>): every
    /// unary call without a deadline of its own gets <paramref name="deadline"/>; methods the contract marks
    /// idempotent (<paramref name="contract"/>, <c>idempotency_level</c>) are retried on UNAVAILABLE by gRPC's
    /// own retry policy; server streams have no deadline.
    /// </summary>
    public static IHttpClientBuilder AddBrokerClient<TClient>(this IHostApplicationBuilder builder, ProtoServiceDescriptor contract, Func<IServiceProvider, TimeSpan> deadline)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(deadline);

        // Discovery resolves the address per call; it is read here so that a missing one stops the service at start.
        builder.Configuration.GetRequiredValue(AddressKey, "the Broker's gRPC address, e.g. http://127.0.0.1:5301");

        var serviceConfig = BrokerRetryPolicy.For(contract);
        var client = builder.Services
            .AddGrpcClient<TClient>(options => options.Address = Address)
            .ConfigureChannel(channel => channel.ServiceConfig = serviceConfig)
            .AddInterceptor(InterceptorScope.Client, services => new BrokerDeadlineInterceptor(deadline(services), services.GetRequiredService<TimeProvider>()));
        ConfigureTransport(client);

        var health = builder.Services.AddGrpcClient<HealthClient>(options => options.Address = Address);
        ConfigureTransport(health);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "broker",
            services => new BrokerHealthCheck(services.GetRequiredService<HealthClient>(), deadline(services)),
            failureStatus: null,
            tags: [HealthTags.Ready]));
        return client;
    }

    private static void ConfigureTransport(IHttpClientBuilder client) => client
        .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
        {
            // One HTTP/2 connection caps concurrent streams (often 100); open more instead of queueing.
            EnableMultipleHttp2Connections = true,
            // Pings keep the long Watch stream alive through idle-timeout proxies and detect a dead peer.
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        // The defaults' standard resilience handler would cut Watch at its total timeout and retry by HTTP
        // status; gRPC calls have deadlines and retry by gRPC status instead. Service discovery stays.
        .WithoutResilienceHandlers();

    // The library's one way to take a handler the defaults added off a single client; marked experimental (EXTEXP0001) since 8.x.
#pragma warning disable EXTEXP0001
    private static IHttpClientBuilder WithoutResilienceHandlers(this IHttpClientBuilder client) => client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
}
