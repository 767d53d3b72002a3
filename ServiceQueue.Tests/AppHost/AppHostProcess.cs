using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.Tests.AppHost;

/// <summary>
/// The AppHost as a developer runs it: its own process from its build output, with the launch profile's
/// environment, except that everything that would be shared is the test's own (data folder, dashboard
/// ports, service ports DCP picks, secrets), because other people run their AppHost on this machine too.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    /// <summary>What a running application consists of, by the file each process runs.</summary>
    public static readonly string[] Expected =
    [
        "dcp", "Aspire.Dashboard", "mariadbd", "redis-server", "beam.smp", "epmd",
        "ServiceQueue.Broker", "ServiceQueue.Api", "ServiceQueue.Consumer", "ServiceQueue.Realtime",
    ];

    private static readonly string[] Services = ["ServiceQueue.Broker", "ServiceQueue.Api", "ServiceQueue.Consumer", "ServiceQueue.Realtime"];

    private readonly RunFolder _folder;
    private readonly ConcurrentQueue<string> _output = new();

    private AppHostProcess(RunFolder folder, Process process)
    {
        _folder = folder;
        Process = process;
    }

    public Process Process { get; }

    /// <summary>What the AppHost printed so far, for failure messages.</summary>
    public string Printed => string.Join('\n', _output.TakeLast(200));

    public static AppHostProcess Start()
    {
        var folder = RunFolder.Create(TestServers.RunsParent);
        // A shell that starts a job in the background (as CI may start this run) leaves SIGINT ignored in its
        // children, and an ignored SIGINT stays ignored across exec: env gives the AppHost a terminal's disposition.
        var start = new ProcessStartInfo("env")
        {
            ArgumentList = { "--default-signal=INT", "dotnet", ProjectOutput.AssemblyOf(Projects.ServiceQueue_AppHost.ProjectPath) },
            WorkingDirectory = Projects.ServiceQueue_AppHost.ProjectPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = start.Environment;
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        environment["ASPNETCORE_URLS"] = Url(FreePort.Next());
        environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Url(FreePort.Next());
        environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Url(FreePort.Next());
        // The services' fixed local ports (5100...) belong to whoever runs the application for real.
        environment["DcpPublisher__RandomizePorts"] = "true";
        environment["ServiceQueue__DataDirectory"] = folder.Path;
        foreach (var name in new[] { "mysql-password", "redis-password", "rabbitmq-password", "bootstrap-admin-password", "demo-attendant-password" })
        {
            environment[$"Parameters__{name}"] = "Pw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        }

        foreach (var name in new[] { "jwt-signing-key", "encryption-key-1", "blind-index-key" })
        {
            environment[$"Parameters__{name}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        var process = WatchedProcess.Start(start);
        var appHost = new AppHostProcess(folder, process);
        process.OutputDataReceived += (_, e) => appHost._output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => appHost._output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return appHost;
    }

    /// <summary>
    /// Every process of this application: the AppHost's session and descendants (DCP, the dashboard and
    /// what DCP starts), and any process whose command line or environment names this run's data folder;
    /// never another run's.
    /// </summary>
    public IReadOnlyList<ProcessEntry> Processes()
    {
        var all = ProcessEntry.All();
        var ours = new HashSet<int> { Process.Id };
        bool grew;
        do
        {
            grew = false;
            foreach (var entry in all.Where(e => !ours.Contains(e.Identity.Pid)))
            {
                if (ours.Contains(entry.ParentPid) || entry.Session == Process.Id
                    || entry.CommandLine.Contains(_folder.Path, StringComparison.Ordinal)
                    || entry.Environment().Contains(_folder.Path, StringComparison.Ordinal))
                {
                    grew |= ours.Add(entry.Identity.Pid);
                }
            }
        }
        while (grew);

        return [.. all.Where(e => ours.Contains(e.Identity.Pid))];
    }

    /// <summary>Waits until every expected process runs and each service answers <c>GET /health</c>; returns them all.</summary>
    public async Task<IReadOnlyList<ProcessEntry>> WaitUntilServicesAnswerAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var processes = await Eventually.ReadAsync(
            async () =>
            {
                var found = Processes();
                return Expected.All(name => found.Any(p => Runs(p, name))) && await AllAnswerAsync(http, found) ? found : [];
            },
            found => found.Count > 0 || Process.HasExited,
            within);
        Assert.True(processes.Count > 0, $"the application did not come up (AppHost exited: {Process.HasExited}); it printed:\n{Printed}");
        return processes;
    }

    /// <summary>True when <paramref name="process"/> runs the program <paramref name="name"/> (its file, or a .NET assembly or project of that name).</summary>
    public static bool Runs(ProcessEntry process, string name) =>
        process.CommandLine.Split(' ').Any(argument =>
            Path.GetFileName(argument) is var file && (file == name || file.StartsWith(name + ".", StringComparison.Ordinal)));

    public void Signal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {Process.Id}");
        kill.WaitForExit();
    }

    public async Task<bool> ExitsWithinAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Of <paramref name="started"/> and of whatever now names this run, what is still running after <paramref name="within"/>.</summary>
    public async Task<IReadOnlyList<ProcessEntry>> LeftAfterAsync(IReadOnlyList<ProcessEntry> started, TimeSpan within) =>
        await Eventually.ReadAsync(() => Task.FromResult(Left(started)), left => left.Count == 0, within);

    public async ValueTask DisposeAsync()
    {
        // Whatever a failed test leaves is ended here, identified by pid and start time: only this run's processes.
        foreach (var entry in Processes().Where(e => e.Identity.Pid != Process.Id))
        {
            Kill(entry);
        }

        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
        _folder.Dispose();
    }

    private IReadOnlyList<ProcessEntry> Left(IReadOnlyList<ProcessEntry> started) =>
        [.. started.Where(p => p.Identity.IsAlive()).Concat(Processes()).DistinctBy(p => p.Identity)];

    private static void Kill(ProcessEntry entry)
    {
        if (!entry.Identity.IsAlive())
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(entry.Identity.Pid);
            process.Kill();
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It ended meanwhile.
        }
    }

    private static async Task<bool> AllAnswerAsync(HttpClient http, IReadOnlyList<ProcessEntry> processes)
    {
        foreach (var service in Services)
        {
            var urls = processes.Where(p => Runs(p, service))
                .Select(p => p.Variable("Kestrel__Endpoints__http__Url") ?? p.Variable("ASPNETCORE_URLS"))
                .OfType<string>()
                .Distinct()
                .ToList();
            if (urls.Count == 0 || !await AnswersAsync(http, new Uri(new Uri(urls[0].Split(';')[0]), "/health")))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri health)
    {
        try
        {
            using var response = await http.GetAsync(health);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
