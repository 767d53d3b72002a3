using System.Diagnostics;

namespace ServiceQueue.Bench;

/// <summary>One ServiceQueue service started from its build output, as a cluster or the AppHost would run it.</summary>
public sealed class ServiceRun : IAsyncDisposable
{
    private readonly string _assembly;
    private readonly Dictionary<string, string> _environment;
    private Process _process;

    private ServiceRun(string name, string assembly, Dictionary<string, string> environment, int healthPort)
    {
        Name = name;
        _assembly = assembly;
        _environment = environment;
        HealthPort = healthPort;
        _process = Launch();
    }

    public string Name { get; }

    public int HealthPort { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="project"/>'s build in this run's configuration (`dotnet run -c Release` builds Release) and waits until /health answers.</summary>
    public static async Task<ServiceRun> StartAsync(string project, int healthPort, Dictionary<string, string> environment)
    {
        environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{healthPort}";
        var run = new ServiceRun(project, Assembly(project), environment, healthPort);
        await run.WaitHealthyAsync();
        return run;
    }

    /// <summary>A service's build output in this run's configuration, found from this file's place in the repository.</summary>
    public static string Assembly(string project) => BenchTools.ServiceAssembly(project);

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the same build again with the same settings, as a supervisor would after a crash.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process.Dispose();
        _process = Launch();
        await WaitHealthyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { _assembly }, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.TryAdd("Logging__LogLevel__Default", "Warning");
        start.Environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Production");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet did not start {Name}");
        // Children write logs to pipes: reading them keeps the pipes from filling and blocking the service.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"[{Name}] {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task WaitHealthyAsync() => BenchTools.WaitHealthyAsync(HealthPort, _process, Name);
}
