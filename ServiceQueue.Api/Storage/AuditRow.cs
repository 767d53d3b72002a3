namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>audit_log</c>; <see cref="Detail"/> never holds personal data.</summary>
internal sealed class AuditRow
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public string Action { get; set; } = "";
    public string? ActorId { get; set; }
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public string? Detail { get; set; }

    /// <summary>The branch the action was in (a queue's, a branch's); null for actions of the whole installation.</summary>
    public string? BranchCode { get; set; }
}
