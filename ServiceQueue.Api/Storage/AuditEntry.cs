namespace ServiceQueue.Api.Storage;

/// <summary>One audit row. <see cref="Detail"/> never holds personal data.</summary>
internal sealed record AuditEntry(string Action, string? ActorId, string? SubjectType, string? SubjectId, string? Detail = null);
