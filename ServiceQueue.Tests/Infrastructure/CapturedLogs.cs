using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry and scope a host wrote, at every level, so tests can
/// assert on what was logged and on what never was (personal data, exception details).
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    /// <summary>Entries and scopes rendered as text, structured values included.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            logs._lines.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new CapturedLog(category, logLevel, formatter(state, exception), Describe(state), exception);
            logs._entries.Enqueue(entry);
            logs._lines.Enqueue(entry.ToString());
        }

        private static string Describe<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
    }
}

internal static class CapturedLogsExtensions
{
    /// <summary>
    /// Captures everything from <paramref name="minimum"/> up into <paramref name="logs"/>, while the
    /// console (the test run's own output) keeps only warnings and errors.
    /// </summary>
    public static ILoggingBuilder CaptureInto(this ILoggingBuilder logging, CapturedLogs logs, LogLevel minimum) =>
        logging
            .AddProvider(logs)
            .SetMinimumLevel(minimum)
            .AddFilter<ConsoleLoggerProvider>((_, level) => level >= LogLevel.Warning);
}
