namespace ServiceQueue.Api.Model;

internal sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset OccurredAt,
    string Action,
    string? ActorId,
    string? SubjectType,
    string? SubjectId,
    string? Detail);
