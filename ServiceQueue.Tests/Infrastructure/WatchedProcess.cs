using System.Diagnostics;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// Starts a process the tests run beside them (a service, the AppHost, a JavaScript peer) in a
/// session of its own, watched the way the AppHost watches its servers: if the test host dies
/// first (a crash, the hang timeout, Ctrl+C), the watchdog kills that session, so a killed run
/// leaves no service holding ports and CPU. The pid is the process's own: <c>setsid</c> execs.
/// </summary>
internal static class WatchedProcess
{
    public static Process Start(ProcessStartInfo start)
    {
        if (!string.IsNullOrEmpty(start.Arguments))
        {
            throw new ArgumentException("Give the arguments through ArgumentList.", nameof(start));
        }

        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = "setsid";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();

        var watchdog = new Watchdog(ProcessGroup.StartWatchdog(process.Id));
        process.Exited += (_, _) => watchdog.End();
        if (process.HasExited)
        {
            watchdog.End(); // it ended before the handler was attached
        }

        return process;
    }

    /// <summary>Ended once its process has ended, exactly once: it must never signal a reused group id.</summary>
    private sealed class Watchdog(Process shell)
    {
        private readonly Lock _gate = new();
        private bool _ended;

        public void End()
        {
            lock (_gate)
            {
                if (_ended)
                {
                    return;
                }

                _ended = true;
                shell.Kill();
                shell.WaitForExit();
                shell.Dispose();
            }
        }
    }
}
