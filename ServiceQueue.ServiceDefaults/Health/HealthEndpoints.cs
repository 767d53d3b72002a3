using Microsoft.AspNetCore.Http;

namespace ServiceQueue.ServiceDefaults.Health;

/// <summary>The probe paths every service answers (contracts.md section 1).</summary>
public static class HealthEndpoints
{
    /// <summary>Readiness: every registered check.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: checks tagged <see cref="HealthTags.Live"/> only.</summary>
    public const string AlivePath = "/alive";

    /// <summary>The standard gRPC health check, which Kubernetes' gRPC probe calls on the gRPC endpoint.</summary>
    public const string GrpcHealthCheckPath = "/grpc.health.v1.Health/Check";

    /// <summary>Probe requests, which the AspNetCore instrumentation leaves out of traces.</summary>
    // Routing matches "/health/" too, so the probe test must as well.
    internal static bool IsProbe(PathString path) =>
        path.Value?.TrimEnd('/') is { } value &&
        (value.Equals(HealthPath, StringComparison.OrdinalIgnoreCase) ||
         value.Equals(AlivePath, StringComparison.OrdinalIgnoreCase) ||
         value.Equals(GrpcHealthCheckPath, StringComparison.Ordinal));
}
