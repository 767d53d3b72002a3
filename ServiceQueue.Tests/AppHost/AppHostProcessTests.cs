using System.Diagnostics;

namespace ServiceQueue.Tests.AppHost;

/// <summary>The real AppHost process, stopped the two ways a developer stops it: Ctrl+C, or a kill it cannot catch.</summary>
[Collection(HeavyTests.Name)]
public sealed class AppHostProcessTests
{
    // Generous: a loaded two-core machine is slow, never wrong.
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Ctrl_C_stops_every_server_service_DCP_and_the_dashboard_and_leaves_no_process()
    {
        await using var appHost = AppHostProcess.Start();
        var started = await appHost.WaitUntilServicesAnswerAsync(StartBound);

        appHost.Signal("INT");

        Assert.True(await appHost.ExitsWithinAsync(StopBound), "the AppHost did not exit after Ctrl+C; it printed:\n" + appHost.Printed);
        Assert.True(appHost.Process.ExitCode == 0, $"exit code {appHost.Process.ExitCode}; it printed:\n{appHost.Printed}");
        var left = await appHost.LeftAfterAsync(started, StopBound);
        Assert.True(left.Count == 0, "still running after Ctrl+C:\n" + string.Join('\n', left));
    }

    [Fact]
    public async Task A_SIGKILL_of_the_AppHost_leaves_DCP_to_remove_every_process()
    {
        await using var appHost = AppHostProcess.Start();
        var started = await appHost.WaitUntilServicesAnswerAsync(StartBound);

        var killed = Stopwatch.StartNew();
        appHost.Signal("KILL"); // no handler of the AppHost runs
        Assert.True(await appHost.ExitsWithinAsync(StopBound));

        var left = await appHost.LeftAfterAsync(started, StopBound);
        Assert.True(left.Count == 0, $"still running {killed.Elapsed.TotalSeconds:0} s after the AppHost was killed:\n" + string.Join('\n', left));
        Console.WriteLine($"After a SIGKILL of the AppHost, its {started.Count - 1} processes were gone within {killed.Elapsed.TotalSeconds:0.0} s.");
    }
}
