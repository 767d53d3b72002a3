namespace ServiceQueue.Api.Storage;

/// <summary>One audit row. <see cref="Detail"/> never holds personal data; without <see cref="OccurredAt"/> it happened now.</summary>
internal sealed record AuditEntry(string Action, string? ActorId, string? SubjectType, string? SubjectId, string? Detail = null, DateTimeOffset? OccurredAt = null)
{
    /// <summary>The branch the action was in; null for the whole installation's (users, keys).</summary>
    public string? Branch { get; init; }
}
