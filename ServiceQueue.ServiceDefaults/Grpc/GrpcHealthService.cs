using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceQueue.ServiceDefaults.Grpc.Health;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary><c>grpc.health.v1.Health/Check</c> answered from ASP.NET Core's health checks.</summary>
internal static class GrpcHealthService
{
    /// <summary>The health-check tag that means "needed to serve"; the same checks back <c>GET /health</c>.</summary>
    public const string ReadyTag = "ready";

    public static async Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, GrpcCallContext context)
    {
        // Per the health protocol: empty name = the whole server; a name the server does not serve = NOT_FOUND.
        if (request.Service.Length > 0 && !context.RequestServices.GetRequiredService<GrpcServiceRegistry>().Contains(request.Service))
        {
            throw new RpcException(StatusCode.NotFound, "Unknown service.");
        }

        var health = context.RequestServices.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync(static registration => registration.Tags.Contains(ReadyTag), context.CancellationToken);
        return new HealthCheckResponse
        {
            Status = report.Status == HealthStatus.Unhealthy
                ? HealthCheckResponse.Types.ServingStatus.NotServing
                : HealthCheckResponse.Types.ServingStatus.Serving,
        };
    }
}
