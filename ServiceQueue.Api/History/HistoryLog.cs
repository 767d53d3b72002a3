namespace ServiceQueue.Api.History;

/// <summary>What the follower logs: cursors, counts and status codes, never a ticket's customer data.</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Following the Broker's events after cursor {Cursor}")]
    public static partial void Following(ILogger logger, ulong cursor);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "The Broker's event stream failed ({StatusCode}); reconnecting in {Delay}")]
    public static partial void StreamFailed(ILogger logger, string statusCode, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "The Broker no longer holds the events after cursor {Cursor} ({Reason}); continuing from its oldest event")]
    public static partial void CursorOutOfRange(ILogger logger, ulong cursor, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "History gap: events {First} to {Last} were never received")]
    public static partial void Gap(ILogger logger, ulong first, ulong last);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Writing history failed; reconnecting in {Delay}")]
    public static partial void WriteFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "History written up to cursor {Cursor}: {Rows} rows, {Audits} audit entries")]
    public static partial void BatchWritten(ILogger logger, ulong cursor, int rows, int audits);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "The Broker's event stream was silent for {Timeout}; reopening it")]
    public static partial void StreamIdle(ILogger logger, TimeSpan timeout);
}
