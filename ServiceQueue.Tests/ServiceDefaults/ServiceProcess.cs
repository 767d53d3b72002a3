using System.Diagnostics;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.ServiceDefaults;

/// <summary>
/// A real service, run as `dotnet ServiceQueue.X.dll` with an environment of the test's choosing,
/// and ended with the test host if that dies first.
/// </summary>
internal static class ServiceProcess
{
    // Prefixes of variables a developer's shell or the AppHost may have set, which would change what a service sees.
    private static readonly string[] Inherited = ["ConnectionStrings__", "services__", "Security__", "Bootstrap__", "OTEL_", "Resilience__", "Logging__", "Kestrel__"];

    public static Process Start(IDictionary<string, string> environment) => Start(new Projects.ServiceQueue_Broker(), environment);

    public static Process Start(IProjectMetadata project, IDictionary<string, string> environment, params string[] arguments)
    {
        var assembly = project.AssemblyPath;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = Path.GetDirectoryName(assembly),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => Inherited.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return WatchedProcess.Start(start);
    }

    /// <summary>Runs to the end (killed after a generous bound) and returns what it printed.</summary>
    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IDictionary<string, string> environment) =>
        RunAsync(new Projects.ServiceQueue_Broker(), environment);

    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(
        IProjectMetadata project, IDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(project, environment, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(project.AssemblyPath)} did not exit: {await stdout} {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
