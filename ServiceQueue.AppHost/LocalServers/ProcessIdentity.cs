using System.Globalization;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>
/// A process named by pid and start time (field 22 of <c>/proc/PID/stat</c>): a pid alone may have
/// been reused by an unrelated process since it was written down.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity Current => Of(Environment.ProcessId);

    public static ProcessIdentity Of(int pid) => new(pid, ReadStat(pid)?.StartTicks ?? -1);

    /// <summary>True while the process runs; a zombie (killed, not yet reaped) counts as ended.</summary>
    public bool IsAlive() => StartTicks >= 0 && ReadStat(Pid) is { } stat && stat.StartTicks == StartTicks && stat.State != 'Z';

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pid}:{StartTicks}");

    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Trim().Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(pid, ticks)
            : null;
    }

    private static (char State, long StartTicks)? ReadStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count from its end.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
