using Microsoft.AspNetCore.Http;

namespace ServiceQueue.ServiceDefaults.Health;

/// <summary>The probe paths every service answers (contracts.md section 1).</summary>
public static class HealthEndpoints
{
    /// <summary>Readiness: every registered check.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: checks tagged <see cref="HealthTags.Live"/> only.</summary>
    public const string AlivePath = "/alive";

    // Routing matches "/health/" too, so the probe test must as well.
    internal static bool IsProbe(PathString path) =>
        path.Value?.TrimEnd('/') is { } value &&
        (value.Equals(HealthPath, StringComparison.OrdinalIgnoreCase) || value.Equals(AlivePath, StringComparison.OrdinalIgnoreCase));
}
