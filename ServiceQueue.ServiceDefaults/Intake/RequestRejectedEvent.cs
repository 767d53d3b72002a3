namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// Body of <c>request.rejected</c> on <c>servicequeue.events</c>: the Consumer publishes it, the Api records
/// it. Optional members, because a request whose body was unreadable has no id or queue. No personal data.
/// </summary>
public sealed record RequestRejectedEvent(string? RequestId, string? Queue, string? Reason, string? Detail, DateTimeOffset? RejectedAt);
