namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>Where a supervised resource is in its life; shown on the dashboard in lowercase.</summary>
public enum ResourceState
{
    /// <summary>Waiting for what it depends on, launched but not ready yet, or being restarted.</summary>
    Starting,

    /// <summary>Its process runs; no health answer yet.</summary>
    Running,

    /// <summary>It answers its readiness check (<c>/health</c> for a service, its own protocol for a server).</summary>
    Healthy,

    /// <summary>Its process runs but the readiness check fails.</summary>
    Unhealthy,

    /// <summary>Its process ended: crashed (a restart follows) or stopped from the dashboard.</summary>
    Exited,

    /// <summary>A start did not reach ready (exited first, timed out); retried with backoff.</summary>
    Failed,
}
