using Microsoft.Extensions.Logging;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>One log entry as a host wrote it: the formatted message, its structured values, and the exception.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, string Values, Exception? Exception)
{
    /// <summary>Everything the entry carries as text, for asserting that something never appears.</summary>
    public override string ToString() => $"{Level} {Category}: {Message} | {Values} | {Exception}";
}
