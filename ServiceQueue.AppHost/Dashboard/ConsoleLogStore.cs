using ServiceQueue.AppHost.Hosting.Orchestration;
using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>The newest lines of every resource's console output, as <see cref="ResourceConsole"/> writes them.</summary>
internal sealed class ConsoleLogStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RingBuffer<ConsoleLine>> _lines = new(StringComparer.Ordinal);
    private readonly ResourceConsole _console;
    private readonly int _capacity;
    private long _sequence;

    public ConsoleLogStore(ResourceConsole console, int capacityPerResource)
    {
        _console = console;
        _capacity = capacityPerResource;
        console.LineWritten += Add;
    }

    public void Add(string resource, string text)
    {
        lock (_gate)
        {
            if (!_lines.TryGetValue(resource, out var lines))
            {
                lines = new RingBuffer<ConsoleLine>(_capacity);
                _lines[resource] = lines;
            }

            lines.Add(new ConsoleLine(++_sequence, DateTimeOffset.UtcNow, text));
        }
    }

    public ConsoleLogPage Read(string resource, long after, string? search, int limit)
    {
        lock (_gate)
        {
            if (!_lines.TryGetValue(resource, out var lines))
            {
                return new ConsoleLogPage(resource, after, []);
            }

            var all = lines.Items().ToList();
            var matching = all
                .Where(l => l.Sequence > after && (search is null || l.Text.Contains(search, StringComparison.OrdinalIgnoreCase)))
                .TakeLast(limit)
                .ToList();
            return new ConsoleLogPage(resource, all.Count == 0 ? after : Math.Max(after, all[^1].Sequence), matching);
        }
    }

    public void Dispose() => _console.LineWritten -= Add;
}
