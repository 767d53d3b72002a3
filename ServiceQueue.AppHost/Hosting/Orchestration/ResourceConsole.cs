namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>Every resource's output on one console, each line prefixed with the resource's name.</summary>
public sealed class ResourceConsole(TextWriter writer, bool color)
{
    private static readonly string[] Palette = ["36", "35", "33", "32", "34", "91", "96", "93"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);
    private int _width = 8;

    public static ResourceConsole Standard { get; } = new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>Receives everything written, after it is written to the console (the dashboard's log view listens here).</summary>
    public event Action<string, string>? LineWritten;

    public Action<string> For(string resource) => line => Write(resource, line);

    public void Write(string resource, string line)
    {
        lock (_gate)
        {
            _width = Math.Max(_width, resource.Length);
            var prefix = resource.PadRight(_width);
            if (color)
            {
                if (!_colors.TryGetValue(resource, out var code))
                {
                    code = Palette[_colors.Count % Palette.Length];
                    _colors[resource] = code;
                }

                writer.WriteLine($"\u001b[{code}m{prefix} |\u001b[0m {line}");
            }
            else
            {
                writer.WriteLine($"{prefix} | {line}");
            }
        }

        LineWritten?.Invoke(resource, line);
    }
}
