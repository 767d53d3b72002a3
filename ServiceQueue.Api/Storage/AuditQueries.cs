using Microsoft.EntityFrameworkCore;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>Pages of <c>audit_log</c>, newest first.</summary>
internal sealed class AuditQueries(IDbContextFactory<ServiceQueueDbContext> contexts)
{
    public async Task<Page<AuditEntryResponse>> PageAsync(
        string? action, string? actor, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (action is not null)
        {
            entries = entries.Where(a => a.Action == action);
        }

        if (actor is not null)
        {
            entries = entries.Where(a => a.ActorId == actor);
        }

        if (from?.UtcDateTime is { } start)
        {
            entries = entries.Where(a => a.OccurredAt >= start);
        }

        if (to?.UtcDateTime is { } end)
        {
            entries = entries.Where(a => a.OccurredAt < end);
        }

        var total = await entries.LongCountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<AuditEntryResponse>(
            [.. rows.Select(r => new AuditEntryResponse(r.Id, Utc.From(r.OccurredAt), r.Action, r.ActorId, r.SubjectType, r.SubjectId, r.Detail))],
            page, pageSize, total);
    }
}
