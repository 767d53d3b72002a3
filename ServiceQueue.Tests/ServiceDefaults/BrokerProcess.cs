using System.Diagnostics;

namespace ServiceQueue.Tests.ServiceDefaults;

/// <summary>The real Broker, run as `dotnet ServiceQueue.Broker.dll` with an environment of the test's choosing.</summary>
internal static class BrokerProcess
{
    // Variables a developer's shell or the AppHost may have set, which would change what the Broker sees.
    private static readonly string[] Inherited = ["ConnectionStrings__redis", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "Resilience__FailureRatio", "Logging__Console__FormatterName", "OTEL_EXPORTER_OTLP_PROTOCOL"];

    public static Process Start(IDictionary<string, string> environment)
    {
        var assembly = new Projects.ServiceQueue_Broker().AssemblyPath;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = Path.GetDirectoryName(assembly),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Runs to the end (killed after a generous bound) and returns what it printed.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IDictionary<string, string> environment)
    {
        using var process = Start(environment);
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
            throw new TimeoutException($"the Broker did not exit: {await stdout} {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
