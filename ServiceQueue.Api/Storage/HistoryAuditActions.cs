namespace ServiceQueue.Api.Storage;

/// <summary>The <c>audit_log.action</c> values written by the history follower and the key rotation.</summary>
internal static class HistoryAuditActions
{
    /// <summary>Events the history never received (trimmed by the Broker before the Api read them).</summary>
    public const string HistoryGap = "history_gap";

    /// <summary>The Broker's stream restarted below the stored cursor (Redis lost events).</summary>
    public const string HistoryStreamReset = "history_stream_reset";

    public const string TicketMoved = "ticket_moved";
    public const string TicketRemoved = "ticket_removed";
    public const string KeysRotated = "keys_rotated";

    public const string TicketSubject = "ticket";
    public const string EventsSubject = "events";
    public const string KeysSubject = "encryption_keys";
}
