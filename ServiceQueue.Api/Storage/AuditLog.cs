using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

/// <summary>Appends to <c>audit_log</c>, in the caller's unit of work when the audited change has one.</summary>
internal sealed class AuditLog(IDbContextFactory<ServiceQueueDbContext> contexts, TimeProvider timeProvider)
{
    // Actors come from tokens or from the Broker's events: a longer one is cut, never allowed to fail the write.
    public const int ActorWidth = 64;

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        Add(db, entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the entry to <paramref name="db"/>'s pending changes: it is saved with them or not at all.</summary>
    public void Add(ServiceQueueDbContext db, AuditEntry entry) => db.AuditLog.Add(new AuditRow
    {
        OccurredAt = (entry.OccurredAt ?? timeProvider.GetUtcNow()).UtcDateTime,
        Action = entry.Action,
        ActorId = entry.ActorId is { Length: > ActorWidth } actor ? actor[..ActorWidth] : entry.ActorId,
        SubjectType = entry.SubjectType,
        SubjectId = entry.SubjectId,
        Detail = entry.Detail,
        BranchCode = entry.Branch,
    });
}
