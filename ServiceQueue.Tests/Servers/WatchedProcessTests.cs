using System.Diagnostics;
using System.Globalization;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Servers;

/// <summary>
/// The processes tests start beside them run in sessions of their own, each watched until it ends.
/// (That the watchdog kills the session when its holder dies is proven on the AppHost, which uses it
/// for its servers: <c>AppHostProcessTests</c>.)
/// </summary>
public sealed class WatchedProcessTests
{
    [Fact]
    public async Task A_watched_process_keeps_its_pid_leads_its_own_session_and_is_watched_until_it_ends()
    {
        using var process = WatchedProcess.Start(new ProcessStartInfo("sleep") { ArgumentList = { "60" } });
        try
        {
            // Start returns once setsid runs; it execs the program, and the watchdog's setsid execs sh, soon after.
            await WaitUntilAsync(() => Stat(process.Id).Command == "sleep" && WatchdogsOf(process.Id).Count > 0);
            var stat = Stat(process.Id);
            Assert.Equal("sleep", stat.Command); // setsid exec'd it: the pid we hold is the program's own
            Assert.Equal(process.Id, stat.Group);
            Assert.Equal(process.Id, stat.Session);
            Assert.Single(WatchdogsOf(process.Id));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        await WaitUntilAsync(() => WatchdogsOf(process.Id).Count == 0);
        Assert.Empty(WatchdogsOf(process.Id));
    }

    [Fact]
    public async Task A_process_that_ends_at_once_leaves_no_watchdog_behind()
    {
        using var process = WatchedProcess.Start(new ProcessStartInfo("true"));
        await process.WaitForExitAsync();

        await WaitUntilAsync(() => WatchdogsOf(process.Id).Count == 0);
        Assert.Empty(WatchdogsOf(process.Id));
    }

    [Fact]
    public void Arguments_given_as_one_string_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WatchedProcess.Start(new ProcessStartInfo("sleep", "60")));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) // up to 10 s
        {
            await Task.Delay(50);
        }
    }

    private static (string Command, int Group, int Session) Stat(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        // After the name: state, ppid, pgrp, session.
        return (stat[(open + 1)..close], int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    /// <summary>The watchdog shells whose argument is this pid (<c>sh -c '…kill -KILL "-$0"' PID</c>).</summary>
    private static List<int> WatchdogsOf(int pid)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (arguments.Length >= 4 && arguments[0] == "sh" && arguments[2].Contains("kill -KILL", StringComparison.Ordinal)
                    && arguments[3] == pid.ToString(CultureInfo.InvariantCulture))
                {
                    found.Add(candidate);
                }
            }
            catch (IOException)
            {
                // Ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
