using System.Text.RegularExpressions;

namespace ServiceQueue.AppHost.Telemetry;

/// <summary>OTLP severity numbers as .NET log level names, and message templates filled from their attributes.</summary>
internal static partial class LogLevels
{
    private static readonly string[] Names = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    // OTLP groups severities in fours: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal.
    public static string Name(int severityNumber) =>
        severityNumber is < 1 or > 24 ? "Unspecified" : Names[(severityNumber - 1) / 4];

    public static int MinimumSeverity(string level)
    {
        var index = Array.FindIndex(Names, n => n.StartsWith(level, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? 0 : (index * 4) + 1;
    }

    /// <summary>An exporter may send the template as the body (<c>Order {OrderId} placed</c>) with the values as attributes.</summary>
    public static string Render(string body, IReadOnlyDictionary<string, string> attributes) =>
        body.Contains('{', StringComparison.Ordinal)
            ? Placeholder().Replace(body, m => attributes.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value)
            : body;

    [GeneratedRegex(@"\{([A-Za-z0-9_.@]+)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();
}
