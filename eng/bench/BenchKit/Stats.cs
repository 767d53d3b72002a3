namespace ServiceQueue.Bench;

/// <summary>Figures every benchmark reports alike.</summary>
public static class Stats
{
    /// <summary>The nearest-rank percentile of an ascending array (0 when empty).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
    }

    /// <summary>The one-minute load average, written beside every figure.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>CPU seconds (user + system) a process has used so far, from /proc.</summary>
    public static double CpuSeconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)); clock ticks of 1/100 s.
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
