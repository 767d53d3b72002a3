namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>A resource as the dashboard shows it at one moment.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    string State,
    string? Health,
    IReadOnlyList<ResourceEndpoint> Endpoints,
    int? Pid,
    DateTimeOffset? StartedAt,
    int Restarts,
    int? ExitCode,
    bool StoppedByUser,
    string? Error);
