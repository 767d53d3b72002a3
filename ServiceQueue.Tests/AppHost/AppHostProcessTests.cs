using System.Collections.Concurrent;
using System.Diagnostics;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.AppHost;

/// <summary>The real AppHost process, stopped the two ways a developer stops it: Ctrl+C, or a kill it cannot catch.</summary>
[Collection(HeavyTests.Name)]
public sealed class AppHostProcessTests : IDisposable
{
    private static readonly string[] Servers = ["mysql", "redis", "rabbitmq"];

    private readonly RunFolder _folder = RunFolder.Create(TestServers.RunsParent);
    private readonly ConcurrentQueue<string> _output = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Ctrl_C_while_starting_stops_every_server_and_exits()
    {
        using var appHost = StartAppHost();
        var processes = await WaitForServersAsync(appHost);

        Signal(appHost.Id, "INT");

        Assert.True(await ExitsWithinAsync(appHost, TimeSpan.FromSeconds(60)), "the AppHost did not exit after Ctrl+C; it printed:\n" + Printed());
        Assert.True(appHost.ExitCode == 0, $"exit code {appHost.ExitCode}; it printed:\n{Printed()}");
        await AssertAllEndAsync(processes, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Ctrl_C_once_running_stops_services_then_servers_and_exits_cleanly()
    {
        using var appHost = StartAppHost();
        var processes = await WaitForServersAsync(appHost);
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!_output.Any(line => line.StartsWith("ServiceQueue is up", StringComparison.Ordinal)))
        {
            Assert.False(appHost.HasExited || DateTime.UtcNow > deadline, "the AppHost did not come up; it printed:\n" + Printed());
            await Task.Delay(100);
        }

        Signal(appHost.Id, "INT");

        Assert.True(await ExitsWithinAsync(appHost, TimeSpan.FromSeconds(60)), "the AppHost did not exit after Ctrl+C; it printed:\n" + Printed());
        Assert.True(appHost.ExitCode == 0, $"exit code {appHost.ExitCode}; it printed:\n{Printed()}");
        Assert.Contains("Stopped.", _output);
        await AssertAllEndAsync(processes, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Servers_die_with_an_AppHost_killed_by_SIGKILL()
    {
        using var appHost = StartAppHost();
        var processes = await WaitForServersAsync(appHost);

        appHost.Kill(); // SIGKILL: no handler of ours runs

        await appHost.WaitForExitAsync();
        await AssertAllEndAsync(processes, TimeSpan.FromSeconds(5));
    }

    private string Printed() => string.Join('\n', _output);

    private Process StartAppHost()
    {
        var assembly = typeof(ServiceQueue.AppHost.Hosting.DistributedApplication).Assembly.Location;
        // A shell that starts a job in the background (as CI may start this run) leaves SIGINT ignored
        // in its children, and an ignored SIGINT stays ignored across exec: .NET then never sees
        // Ctrl+C. env --default-signal gives the AppHost the disposition a terminal would.
        var start = new ProcessStartInfo("env")
        {
            ArgumentList = { "--default-signal=INT", "dotnet", assembly },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AppHost__StateDirectory"] = _folder.Path;
        start.Environment["AppHost__IsolatePorts"] = "true";
        var process = WatchedProcess.Start(start);
        process.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until every server has recorded its processes, and returns them.</summary>
    private async Task<List<ProcessIdentity>> WaitForServersAsync(Process appHost)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !appHost.HasExited)
        {
            var files = Servers.Select(s => Path.Combine(_folder.For(s), "servicequeue.pids")).ToList();
            if (files.All(File.Exists))
            {
                await Task.Delay(500); // let RabbitMQ record its second process (the node after its port mapper)
                return [.. files.SelectMany(f => File.ReadAllLines(f).Skip(1)).Select(ProcessIdentity.Parse).OfType<ProcessIdentity>()];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the AppHost did not start its servers (exited: {appHost.HasExited})");
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }

    private static async Task AssertAllEndAsync(List<ProcessIdentity> processes, TimeSpan bound)
    {
        Assert.NotEmpty(processes);
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline && processes.Any(p => p.IsAlive()))
        {
            await Task.Delay(100);
        }

        Assert.All(processes, p => Assert.False(p.IsAlive(), $"process {p.Pid} is still running"));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
    }
}
