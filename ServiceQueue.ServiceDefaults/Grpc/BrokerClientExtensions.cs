using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceQueue.ServiceDefaults.Health;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Registers <see cref="BrokerChannel"/> and a readiness check that follows the Broker.</summary>
public static class BrokerClientExtensions
{
    /// <summary>The Broker's gRPC endpoint as Aspire and Kubernetes name it: <c>services__broker__grpc__0</c>.</summary>
    public static readonly Uri Address = new("http://_grpc.broker");

    public static TBuilder AddBrokerClient<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Resolved per call by discovery; read here so a missing address stops the service at start.
        builder.Configuration.GetRequiredValue("services:broker:grpc:0", "the Broker's gRPC address, e.g. http://127.0.0.1:5301");
        builder.Services.AddGrpcClient<BrokerChannel>(Address);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "broker",
            static services => new GrpcHealthCheck(services.GetRequiredService<BrokerChannel>().Grpc),
            failureStatus: null,
            tags: [HealthTags.Ready]));
        return builder;
    }
}
