using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceQueue.ServiceDefaults.Messaging;

/// <summary>Ready while the service's RabbitMQ connection is open (opening it if it never was).</summary>
internal sealed class RabbitMqHealthCheck(RabbitMqConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await connection.GetAsync(cancellationToken);
            return connection.IsOpen
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "the connection is closed; the client is recovering it");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "RabbitMQ cannot be reached", error);
        }
    }
}
