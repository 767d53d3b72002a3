using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceQueue.Api.Storage;

/// <summary>Ready when the database answers a query.</summary>
internal sealed class MySqlHealthCheck(MySqlConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("MySQL does not answer.", exception);
        }
    }
}
