using Microsoft.Extensions.Hosting;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>
/// The lifetime of a host that runs inside the AppHost: it neither handles Ctrl+C nor holds up the
/// process's exit (the default console lifetime does both), because the AppHost stops it itself, in order.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
