using ServiceQueue.AppHost.Dashboard;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>How an application instance runs on this machine.</summary>
public sealed record DistributedApplicationOptions
{
    /// <summary>Where servers keep their data and the AppHost its generated secrets.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Free ports for every endpoint instead of the declared ones (tests, side-by-side runs).</summary>
    public bool IsolatePorts { get; init; }

    /// <summary>The environment services run in.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>How long a service may take to answer <c>/health</c> after it starts.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running resource's readiness is checked (healthy or unhealthy on the dashboard).</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before restarting a resource that exited; it doubles on each further crash.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The developer dashboard and the OTLP receiver.</summary>
    public DashboardOptions Dashboard { get; init; } = new();
}
