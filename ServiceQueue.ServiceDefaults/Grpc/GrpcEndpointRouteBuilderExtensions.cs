using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.ServiceDefaults.Grpc.Health;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ServiceQueue.ServiceDefaults.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a .proto service: every method answers UNIMPLEMENTED until mapped on the returned builder.
    /// Also maps, once, a low-order route that answers UNIMPLEMENTED for any unknown gRPC path.
    /// </summary>
    public static GrpcServiceEndpointBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("The gRPC server's services are missing; call services.AddGrpcServer() at start-up.");
        if (!registry.TryAdd(service.FullName))
        {
            throw new InvalidOperationException($"gRPC service '{service.FullName}' is already mapped.");
        }

        if (registry.TryClaimFallback())
        {
            endpoints.Map("/{service}/{method}", GrpcUnimplementedHandler.ForUnknownPath)
                .WithOrder(int.MaxValue)
                .WithDisplayName("gRPC unknown service or method")
                .WithMetadata(GrpcFallbackMetadata.Instance);
        }

        return new GrpcServiceEndpointBuilder(endpoints, service, registry);
    }

    /// <summary>
    /// Maps <c>grpc.health.v1.Health/Check</c>: SERVING while the checks tagged "ready" pass,
    /// NOT_SERVING otherwise; NOT_FOUND for a service name this server does not map.
    /// </summary>
    public static GrpcServiceEndpointBuilder MapGrpcHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGrpcService(HealthReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Health"));
        health.MapUnary<HealthCheckRequest, HealthCheckResponse>("Check", GrpcHealthService.CheckAsync);
        return health;
    }
}
