namespace ServiceQueue.Api.Storage;

/// <summary>The <c>audit_log.action</c> values.</summary>
internal static class AuditActions
{
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string AccountLocked = "account_locked";
    public const string SignOut = "sign_out";
    public const string RefreshTokenReuse = "refresh_token_reuse";
    public const string UserCreated = "user_created";
    public const string UserUpdated = "user_updated";
    public const string UserDeleted = "user_deleted";
    public const string QueueCreated = "queue_created";
    public const string QueueUpdated = "queue_updated";
    public const string BranchCreated = "branch_created";
    public const string BranchUpdated = "branch_updated";
    public const string PasswordChanged = "password_changed";
    public const string BootstrapAdminCreated = "bootstrap_admin_created";

    public const string KioskEnrolled = "kiosk_enrolled";
    public const string KioskUpdated = "kiosk_updated";
    public const string KioskRevoked = "kiosk_revoked";

    /// <summary>A kiosk published a ticket request: device, queue and request id, never what the customer typed.</summary>
    public const string KioskTicketIssued = "kiosk_ticket_issued";

    public const string PauseReasonCreated = "pause_reason_created";
    public const string PauseReasonUpdated = "pause_reason_updated";
    public const string PauseReasonDeleted = "pause_reason_deleted";

    public const string UserSubject = "user";
    public const string PauseReasonSubject = "pause_reason";
    public const string KioskSubject = "kiosk";
    public const string QueueSubject = "queue";
    public const string BranchSubject = "branch";

    /// <summary>Events the history never received (trimmed by the Broker before the Api read them).</summary>
    public const string HistoryGap = "history_gap";

    /// <summary>The Broker's stream restarted below the stored cursor (Redis lost events).</summary>
    public const string HistoryStreamReset = "history_stream_reset";

    public const string TicketMoved = "ticket_moved";
    public const string TicketRemoved = "ticket_removed";
    public const string KeysRotated = "keys_rotated";

    /// <summary>A supervisor acknowledged a queue's alert (issue 18).</summary>
    public const string AlertAcknowledged = "alert_acknowledged";

    public const string AlertSubject = "alert";
    public const string TicketSubject = "ticket";
    public const string EventsSubject = "events";
    public const string KeysSubject = "encryption_keys";
}
