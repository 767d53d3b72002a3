namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>The values of <c>x-servicequeue-reason</c> and of a <c>request.rejected</c> event's reason (contracts.md section 2).</summary>
public static class RejectionReason
{
    public const string InvalidSchema = "invalid_schema";
    public const string UnknownQueue = "unknown_queue";
    public const string QueueClosed = "queue_closed";
    public const string QueueFull = "queue_full";
    public const string Expired = "expired";
    public const string TooManyOpenTickets = "too_many_open_tickets";
    public const string DeliveryLimit = "delivery_limit";

    /// <summary>The body names another branch than its routing key: which one the publisher meant is unknown, so neither is guessed.</summary>
    public const string BranchMismatch = "branch_mismatch";

    /// <summary>The Broker's FAILED_PRECONDITION reasons that end a request for good.</summary>
    public static readonly IReadOnlySet<string> FromBroker = new HashSet<string>(StringComparer.Ordinal)
    {
        UnknownQueue, QueueClosed, QueueFull, TooManyOpenTickets,
    };
}
