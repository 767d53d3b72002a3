using System.Diagnostics;
using System.Runtime.InteropServices;
using ServiceQueue.AppHost.Dashboard;
using ServiceQueue.AppHost.Hosting.Orchestration;
using ServiceQueue.AppHost.Hosting.Servers;
using ServiceQueue.AppHost.Hosting.Testing;
using ServiceQueue.AppHost.Publishing;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>
/// The application declared by a <see cref="DistributedApplicationBuilder"/>, run on this machine:
/// servers first, then each service once what it waits for is ready; stopped in reverse.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly List<ServerResource> _servers;
    private readonly SecretStore _secrets;
    private bool _stopped;

    private readonly string[] _args;

    internal DistributedApplication(DistributedApplicationOptions options, IReadOnlyList<IResource> resources, string[] args)
    {
        _args = args;
        Options = options;
        Resources = resources;
        _servers = [.. resources.OfType<ServerResource>()];
        _secrets = new SecretStore(options.StateDirectory);
    }

    public DistributedApplicationOptions Options { get; }

    public IReadOnlyList<IResource> Resources { get; }

    public ResourceConsole Console { get; init; } = ResourceConsole.Standard;

    /// <summary>The dashboard and OTLP receiver, once started (null when disabled in the options).</summary>
    internal DashboardHost? Dashboard { get; private set; }

    /// <summary>Every server and service under supervision, in start order.</summary>
    internal ResourceSupervisors Supervisors { get; } = new();

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args, null);

    public static DistributedApplicationBuilder CreateBuilder(string[] args, DistributedApplicationOptions options) => new(args, options);

    public T GetResource<T>(string name)
        where T : IResource =>
        Resources.OfType<T>().FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"No resource named '{name}' of type {typeof(T).Name}.");

    /// <summary>Starts everything and returns once every resource is ready; stops what started if anything fails.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(cancellationToken, printLoginLink: false);

    private async Task StartAsync(CancellationToken cancellationToken, bool printLoginLink)
    {
        Directory.CreateDirectory(Options.StateDirectory);
        foreach (var parameter in Resources.OfType<ParameterResource>())
        {
            parameter.Value = parameter.Secret ? _secrets.GetOrCreate(parameter.Name, parameter.Generate) : parameter.Generate();
        }

        foreach (var endpoint in Resources.OfType<ProjectResource>().SelectMany(p => p.Endpoints))
        {
            endpoint.AllocatedPort = Options.IsolatePorts || endpoint.Port is null ? FreePort.Next() : endpoint.Port.Value;
        }

        try
        {
            await StartDashboardAsync(cancellationToken);
            if (printLoginLink && Dashboard is not null)
            {
                System.Console.WriteLine($"Dashboard: {Dashboard.LoginUrl}");
                System.Console.WriteLine();
            }

            var servers = _servers.Select(server => StartSupervised(
                new ServerSupervisor(
                    server,
                    new LocalServerOptions
                    {
                        DataDirectory = Path.Combine(Options.StateDirectory, server.Name),
                        Password = _secrets.GetOrCreate($"{server.Name}-password", () => Secrets.Password()),
                        Output = Console.For(server.Name),
                    },
                    Options,
                    Console),
                cancellationToken));
            var projects = Resources.OfType<ProjectResource>().Select(project => StartProjectAsync(project, cancellationToken));
            await Task.WhenAll([.. servers, .. projects]);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Stops services in the reverse of their declaration (dependents first), then the servers.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        var projects = Resources.OfType<ProjectResource>().Select(p => Supervisors.Find(p.Name)).OfType<ResourceSupervisor>();
        foreach (var project in projects.Reverse())
        {
            await project.StopAsync(byUser: false);
        }

        // A server whose first start failed has a supervisor too: it was added before the start.
        await Task.WhenAll(Supervisors.All.OfType<ServerSupervisor>().Select(s => s.StopAsync(byUser: false)));
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }
    }

    /// <summary>Starts, prints where everything is, and runs until Ctrl+C or SIGTERM; or, given <c>publish</c>, writes the Kubernetes manifests.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (TestingHook.Current.Value is { } testing)
        {
            testing.Capture(this);
            return;
        }

        if (TryPublish())
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var started = Stopwatch.StartNew();
        try
        {
            await StartAsync(stop.Token, printLoginLink: true);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Whatever a start interrupted by Ctrl+C threw, it was stopped and cleaned up on the way out.
            return;
        }

        PrintSummary(started.Elapsed);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        System.Console.WriteLine("Stopping...");
        await StopAsync();
        System.Console.WriteLine("Stopped.");

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we stop the children ourselves, in order
            // Callbacks on the thread pool: the start's continuations must not run on the runtime's signal thread.
            _ = stop.CancelAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Publishes when the arguments say <c>publish</c>: nothing is started then.</summary>
    private bool TryPublish()
    {
        try
        {
            if (!PublishCommandLine.TryParse(_args, out var publish))
            {
                return false;
            }

            if (publish is not null)
            {
                new KubernetesPublisher(new ClusterModel(Resources, publish)).Publish(System.Console.Out);
            }
        }
        catch (ArgumentException error)
        {
            System.Console.Error.WriteLine($"publish: {error.Message}");
            Environment.ExitCode = 2;
        }

        return true;
    }

    private async Task StartProjectAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        var runner = new ProjectRunner(project, Options, Console, Dashboard?.OtlpEndpoint);
        try
        {
            await StartSupervised(new ProjectSupervisor(runner, project, Options, Console), cancellationToken);
            project.MarkReady();
        }
        catch (Exception error)
        {
            project.MarkFailed(error);
            throw;
        }
    }

    private Task StartSupervised(ResourceSupervisor supervisor, CancellationToken cancellationToken)
    {
        Supervisors.Add(supervisor);
        return supervisor.StartFirstAsync(cancellationToken);
    }

    private async Task StartDashboardAsync(CancellationToken cancellationToken)
    {
        var dashboard = Options.Dashboard;
        if (!dashboard.Enabled)
        {
            return;
        }

        Dashboard = await DashboardHost.StartAsync(
            dashboard,
            Options.IsolatePorts ? FreePort.Next() : dashboard.Port,
            Options.IsolatePorts ? FreePort.Next() : dashboard.OtlpPort,
            Supervisors,
            Console,
            cancellationToken);
    }

    private void PrintSummary(TimeSpan elapsed)
    {
        System.Console.WriteLine();
        System.Console.WriteLine($"ServiceQueue is up: {Resources.Count(r => r is IResourceWithWaitSupport and not MySqlDatabaseResource)} resources ready in {elapsed.TotalSeconds:0.0} s.");
        foreach (var resource in Resources)
        {
            var where = resource switch
            {
                ProjectResource project => string.Join("  ", project.Endpoints.Select(e => $"{e.Name} {e.Url}")),
                MySqlServerResource mySql => $"mysql 127.0.0.1:{mySql.MariaDb!.Port} (user {MariaDbServer.ApplicationUser})",
                RedisResource redis => $"redis 127.0.0.1:{((RedisServer)redis.Server!).Port}",
                RabbitMQServerResource rabbit => $"amqp 127.0.0.1:{rabbit.RabbitMq!.Port}  management {rabbit.RabbitMq.ManagementUri}",
                _ => null,
            };
            if (where is not null)
            {
                System.Console.WriteLine($"  {resource.Name,-10} {where}");
            }
        }

        if (Dashboard is not null)
        {
            System.Console.WriteLine($"  {"dashboard",-10} {Dashboard.LoginUrl}");
            System.Console.WriteLine($"  {"otlp",-10} {Dashboard.OtlpEndpoint} (http/protobuf)");
        }

        System.Console.WriteLine($"Passwords and keys: {Path.Combine(Options.StateDirectory, "secrets.json")}. Press Ctrl+C to stop.");
        System.Console.WriteLine();
    }
}
