using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceQueue.Realtime.Events;

namespace ServiceQueue.Realtime.Health;

/// <summary>Ready only while the Broker's event stream is followed: without it subscribers would see a frozen queue.</summary>
internal sealed class BrokerStreamHealthCheck(StreamStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.IsFollowing
            ? HealthCheckResult.Healthy("following the Broker's event stream")
            : HealthCheckResult.Unhealthy("not following the Broker's event stream"));
}
