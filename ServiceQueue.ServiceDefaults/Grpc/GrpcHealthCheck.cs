using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceQueue.ServiceDefaults.Grpc.Health;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Ready while a gRPC peer answers <c>grpc.health.v1.Health/Check</c> with SERVING.</summary>
internal sealed class GrpcHealthCheck(GrpcClient client, string service = "") : IHealthCheck
{
    private const string CheckMethod = "/grpc.health.v1.Health/Check";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(
                CheckMethod,
                new HealthCheckRequest { Service = service },
                new GrpcCallOptions { Timeout = TimeSpan.FromSeconds(3) },
                cancellationToken);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"the peer answers {response.Status}");
        }
        catch (RpcException error)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"the peer did not answer: {error.StatusCode}");
        }
    }
}
