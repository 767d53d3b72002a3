using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ServiceQueue.Bench;

/// <summary>The small pieces every bench script uses: `using static ServiceQueue.Bench.BenchTools;`.</summary>
public static class BenchTools
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Starts a service's build output with <paramref name="environment"/>, Production settings and Warning logs.</summary>
    public static Process Start(string assembly, Dictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { assembly }, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet did not start {assembly}");
        // Children write logs to pipes: reading them keeps the pipes from filling and blocking the service.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the service answers /health on <paramref name="port"/>; fails if it exits or takes over 120 s.</summary>
    public static async Task WaitHealthyAsync(int port, Process process, string name)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120) && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The {name} did not become healthy.");
    }

    /// <summary>
    /// Keeps the servers on their own cores: with <c>BENCH_SERVER_CPUS</c> set (a taskset list, such as
    /// <c>0</c>) every thread of each process in <paramref name="processIds"/> is moved there. Run the
    /// script itself under <c>taskset -c</c> on the other cores, and the clients no longer take the
    /// servers' CPU. Returns the list used, or null when the variable is not set.
    /// </summary>
    public static string? PinServers(params int[] processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        var cpus = Environment.GetEnvironmentVariable("BENCH_SERVER_CPUS");
        if (string.IsNullOrWhiteSpace(cpus))
        {
            return null;
        }

        foreach (var id in processIds)
        {
            using var taskset = Process.Start(new ProcessStartInfo("taskset") { ArgumentList = { "-a", "-cp", cpus, id.ToString(CultureInfo.InvariantCulture) }, RedirectStandardOutput = true })
                ?? throw new InvalidOperationException("taskset did not start");
            taskset.WaitForExit();
            if (taskset.ExitCode != 0)
            {
                throw new InvalidOperationException($"taskset could not move process {id} to CPUs {cpus}");
            }
        }

        return cpus;
    }

    /// <summary>A service's build output in this run's configuration (`dotnet run -c Release` builds the referenced projects Release).</summary>
    public static string ServiceAssembly(string project) =>
        Path.GetFullPath(Path.Combine(FindRepository(), project, "bin", Configuration, "net10.0", project + ".dll"));

    /// <summary>The repository's root folder, found from this file's place in it.</summary>
    public static string FindRepository() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", ".."));

    /// <summary>The nearest-rank percentile of an ascending array (0 when empty).</summary>
    public static double Percentile(double[] sorted, double p) => Stats.Percentile(sorted, p);

    public static string Invariant(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }

    // The compiler fills in the path of the file that calls: called from here, it is this file's.
    private static string ThisFile([CallerFilePath] string path = "") => path;
}
