using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>
/// A child process started in a session of its own (through <c>setsid</c>), so that stopping it
/// reaches every process it forked too (Erlang's helpers, for one), not just the one we started.
/// </summary>
public sealed partial class ProcessGroup : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly Process _watchdog;

    private ProcessGroup(Process process, string name, Process watchdog)
    {
        _process = process;
        _watchdog = watchdog;
        Name = name;
        Identity = ProcessIdentity.Of(process.Id);
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Pid plus start time, so a later run can tell this process from one that reused its pid.</summary>
    public ProcessIdentity Identity { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task Exited => _process.WaitForExitAsync();

    public static ProcessGroup Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        Action<string> output)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ProcessGroup(process, name, StartWatchdog(process.Id));

        void Forward(string? line)
        {
            if (line is not null)
            {
                output(line);
            }
        }
    }

    /// <summary>
    /// Kills the group the moment this process dies, however it dies (SIGKILL included): the watchdog
    /// blocks reading a pipe only we hold open, and the kernel closes it with us. It polls nothing,
    /// and a normal stop ends it first, so it never signals a group id that may have been reused.
    /// </summary>
    internal static Process StartWatchdog(int groupLeader)
    {
        var watchdog = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "sh", "-c", "read _ignored; kill -KILL \"-$0\" 2>/dev/null", groupLeader.ToString(CultureInfo.InvariantCulture) })
        {
            watchdog.ArgumentList.Add(argument);
        }

        return Process.Start(watchdog) ?? throw new InvalidOperationException("setsid did not start");
    }

    /// <summary>Asks the whole group to stop, then kills what is still running after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            Signal(Id, SigKill); // forked helpers may outlive the leader
            EndWatchdog();
            return;
        }

        Signal(Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Signal(Id, SigKill);
        await _process.WaitForExitAsync(CancellationToken.None);
        // Only now: if we die while the group is still stopping, the watchdog finishes the job.
        EndWatchdog();
    }

    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.FromSeconds(10)));

    private void EndWatchdog()
    {
        if (!_watchdog.HasExited)
        {
            _watchdog.Kill();
            _watchdog.WaitForExit();
        }
    }

    /// <summary>Kills a group left behind by a run that died, if its leader is still the same process.</summary>
    public static void KillOrphan(ProcessIdentity identity)
    {
        if (identity.IsAlive())
        {
            Signal(identity.Pid, SigKill);
        }
    }

    private static void Signal(int groupLeader, int signal) => _ = Kill(-groupLeader, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
