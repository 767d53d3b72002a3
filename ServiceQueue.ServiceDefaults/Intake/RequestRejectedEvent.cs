namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// Body of <c>request.rejected</c> on <c>servicequeue.events</c>: the Consumer publishes it, the Api records
/// it. Optional members, because a request whose body was unreadable has no id or queue. No personal data.
/// <see cref="Branch"/> is the branch the request was for (its routing key's, the default branch's code included);
/// null when that is not known: a malformed routing key, or a body naming another branch than its key.
/// </summary>
public sealed record RequestRejectedEvent(string? RequestId, string? Queue, string? Reason, string? Detail, DateTimeOffset? RejectedAt, string? Branch = null);
