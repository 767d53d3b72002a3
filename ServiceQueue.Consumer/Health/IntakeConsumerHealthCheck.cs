using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceQueue.Consumer.Messaging;

namespace ServiceQueue.Consumer.Health;

/// <summary>Ready while the Consumer is attached to the intake queue.</summary>
internal sealed class IntakeConsumerHealthCheck(IntakeConsumer consumer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(consumer.IsAttached
            ? HealthCheckResult.Healthy($"consuming {IntakeTopology.IntakeQueue}")
            : new HealthCheckResult(context.Registration.FailureStatus, $"not consuming {IntakeTopology.IntakeQueue}: waiting for RabbitMQ"));
}
