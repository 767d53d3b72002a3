using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>A server run as a local process by the AppHost (where Aspire would run a container).</summary>
public abstract class ServerResource(string name) : IResourceWithConnectionString, IResourceWithWaitSupport
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    /// <summary>The running server, once started.</summary>
    public LocalServer? Server { get; private set; }

    public abstract string? ConnectionString { get; }

    public Task WhenReady => _ready.Task;

    /// <summary>Creates the server that will run this resource, with the folder and credentials given.</summary>
    public abstract LocalServer CreateServer(LocalServerOptions options);

    internal async Task StartAsync(LocalServerOptions options, CancellationToken cancellationToken)
    {
        Server = CreateServer(options);
        try
        {
            await Server.StartAsync(cancellationToken);
            await OnStartedAsync(cancellationToken);
            _ready.TrySetResult();
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            throw;
        }
    }

    /// <summary>Starts the same server again (same folder, ports and credentials) after it stopped or crashed.</summary>
    internal async Task RelaunchAsync(CancellationToken cancellationToken)
    {
        var server = Server ?? throw new InvalidOperationException($"{Name} was never started.");
        await server.StopAsync();
        await server.StartAsync(cancellationToken);
        await OnStartedAsync(cancellationToken);
    }

    /// <summary>Provisions what children of this resource need (databases, virtual hosts).</summary>
    protected virtual Task OnStartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
