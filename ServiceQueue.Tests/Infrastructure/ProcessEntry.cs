using System.Globalization;
using System.Text;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>One process of the machine as <c>/proc</c> shows it: enough to tell whose it is without signalling it.</summary>
internal sealed record ProcessEntry(ProcessIdentity Identity, int ParentPid, int Session, string CommandLine)
{
    /// <summary>Every process readable right now (one that ends while it is read is left out).</summary>
    public static IReadOnlyList<ProcessEntry> All()
    {
        var entries = new List<ProcessEntry>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The process's environment, empty once it has ended.</summary>
    public string Environment()
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{Identity.Pid}/environ")).Replace('\0', '\n');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>One variable of <see cref="Environment"/>, or null.</summary>
    public string? Variable(string name) => Environment().Split('\n')
        .Where(line => line.StartsWith(name + "=", StringComparison.Ordinal))
        .Select(line => line[(name.Length + 1)..])
        .FirstOrDefault();

    public override string ToString() => $"{Identity.Pid} {CommandLine}";

    private static ProcessEntry? TryRead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count from its end.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            var entry = new ProcessEntry(
                ProcessIdentity.Of(pid),
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture),
                commandLine);
            return fields[0] == "Z" || entry.Identity.StartTicks < 0 ? null : entry;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
