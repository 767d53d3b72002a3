using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceQueue.ServiceDefaults.Health;

/// <summary>Register a dependency check that only readiness (<c>/health</c>) runs.</summary>
public static class ReadyHealthCheckExtensions
{
    public static IHealthChecksBuilder AddReadyCheck(this IHealthChecksBuilder builder, string name,
        Func<CancellationToken, Task<HealthCheckResult>> check)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddAsyncCheck(name, check, [HealthTags.Ready]);
    }

    public static IHealthChecksBuilder AddReadyCheck<TCheck>(this IHealthChecksBuilder builder, string name)
        where TCheck : class, IHealthCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<TCheck>(name, tags: [HealthTags.Ready]);
    }
}
