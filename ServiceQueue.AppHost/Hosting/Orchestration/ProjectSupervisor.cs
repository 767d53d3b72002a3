namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>Supervises one of the application's services, run by its <see cref="ProjectRunner"/>.</summary>
internal sealed class ProjectSupervisor(ProjectRunner runner, ProjectResource project, DistributedApplicationOptions options, ResourceConsole console)
    : ResourceSupervisor(project.Name, "project", options, console)
{
    public ProjectRunner Runner { get; } = runner;

    public override int? Pid => Runner.Process is { HasExited: false } process ? process.Id : null;

    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [.. project.Endpoints.Select(e => new ResourceEndpoint(e.Name, e.Url.ToString().TrimEnd('/')))];

    protected override int? LastExitCode => Runner.Process is { HasExited: true } process ? process.ExitCode : null;

    protected override Task StartInitiallyAsync(CancellationToken cancellationToken) => Runner.StartAsync(cancellationToken);

    protected override Task LaunchAsync(CancellationToken cancellationToken) => Runner.LaunchAsync(cancellationToken);

    protected override Task StopProcessAsync() => Runner.StopAsync();

    protected override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) => Runner.CheckHealthAsync(cancellationToken);

    protected override Task WhenExitedAsync() => Runner.Process?.Exited ?? Task.CompletedTask;
}
