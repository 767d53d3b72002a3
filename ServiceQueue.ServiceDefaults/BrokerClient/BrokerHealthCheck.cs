using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using HealthClient = Grpc.Health.V1.Health.HealthClient;

namespace ServiceQueue.ServiceDefaults.BrokerClient;

/// <summary>Ready while the Broker answers <c>grpc.health.v1.Health/Check</c> for the whole server with SERVING.</summary>
internal sealed class BrokerHealthCheck(HealthClient health, TimeSpan deadline) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"the Broker answers {response.Status}");
        }
        catch (RpcException error)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"the Broker did not answer: {error.StatusCode}");
        }
    }
}
