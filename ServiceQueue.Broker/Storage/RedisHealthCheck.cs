using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Options;

namespace ServiceQueue.Broker.Storage;

/// <summary>Ready only while Redis answers PING within the operation timeout: the Broker is nothing without it.</summary>
internal sealed class RedisHealthCheck(RedisConnection redis, IOptions<BrokerOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync(cancellationToken);
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(options.Value.OperationTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer", ex);
        }
    }
}
