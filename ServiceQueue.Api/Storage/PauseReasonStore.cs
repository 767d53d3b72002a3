using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>pause_reasons</c>, the source of truth for what a branch's attendants may pause for. A change locks the branch's row,
/// writes, pushes the branch's whole active list to the Broker and commits only when the Broker took it (as queue
/// definitions do), so the Broker never refuses a reason MySQL holds; the branch lock keeps two changes from pushing
/// their lists in the other order than they commit.
/// </summary>
internal sealed class PauseReasonStore(IDbContextFactory<ServiceQueueDbContext> contexts, AuditLog audit, TimeProvider timeProvider)
{
    /// <summary>The reasons of one branch, by code.</summary>
    public async Task<IReadOnlyList<PauseReasonRow>> ListAsync(string branch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PauseReasons.AsNoTracking().Where(r => r.BranchCode == branch).OrderBy(r => r.Code).ToListAsync(cancellationToken);
    }

    /// <summary>Every branch's active codes, including branches with none (for the reconciler).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ActiveByBranchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var branches = await db.Branches.AsNoTracking().Select(b => b.Code).ToListAsync(cancellationToken);
        var active = await db.PauseReasons.AsNoTracking().Where(r => r.Active).Select(r => new { r.BranchCode, r.Code }).ToListAsync(cancellationToken);
        return branches.ToDictionary(
            b => b,
            b => (IReadOnlyList<string>)[.. active.Where(r => r.BranchCode == b).Select(r => r.Code).Order(StringComparer.Ordinal)],
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Hands the branch's active codes to <paramref name="publish"/> (the Broker) under the branch's lock, the one a change
    /// of its reasons takes, so this push never lands after a newer change's own.
    /// </summary>
    public async Task PublishAsync(string branch, Func<string, IReadOnlyList<string>, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.InTransactionAsync(async ct =>
        {
            await LockBranchAsync(db, branch, ct);
            await publish(branch, await ActiveCodesAsync(db, branch, ct), ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Creates (<paramref name="create"/>) or replaces a reason; <paramref name="publish"/> gets the branch's active codes before the commit and aborts it by throwing.</summary>
    public async Task<(PauseReasonWriteResult Result, PauseReasonRow? Row)> WriteAsync(
        string branch, string code, string name, bool active, bool create, string actorId,
        Func<string, IReadOnlyList<string>, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await db.InTransactionAsync<(PauseReasonWriteResult, PauseReasonRow?)>(async ct =>
            {
                await LockBranchAsync(db, branch, ct);
                var row = await db.PauseReasons.SingleOrDefaultAsync(r => r.BranchCode == branch && r.Code == code, ct);
                if (create && row is not null)
                {
                    return (PauseReasonWriteResult.DuplicateCode, null);
                }

                if (!create && row is null)
                {
                    return (PauseReasonWriteResult.NotFound, null);
                }

                if (row is null)
                {
                    row = new PauseReasonRow { BranchCode = branch, Code = code, CreatedAt = now };
                    db.PauseReasons.Add(row);
                }

                (row.Name, row.Active, row.UpdatedAt) = (name, active, now);
                audit.Add(db, new AuditEntry(
                    create ? AuditActions.PauseReasonCreated : AuditActions.PauseReasonUpdated, actorId, AuditActions.PauseReasonSubject, code,
                    $"name={name}; active={active}")
                { Branch = branch });
                await db.SaveChangesAsync(ct);
                await publish(branch, await ActiveCodesAsync(db, branch, ct), ct);
                return (PauseReasonWriteResult.Done, await db.PauseReasons.AsNoTracking().SingleAsync(r => r.BranchCode == branch && r.Code == code, ct));
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            return (PauseReasonWriteResult.DuplicateCode, null);
        }
    }

    /// <summary>Deletes a reason; history that named it keeps the code. False when there was none.</summary>
    public async Task<bool> DeleteAsync(
        string branch, string code, string actorId, Func<string, IReadOnlyList<string>, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync(async ct =>
        {
            await LockBranchAsync(db, branch, ct);
            if (await db.PauseReasons.Where(r => r.BranchCode == branch && r.Code == code).ExecuteDeleteAsync(ct) == 0)
            {
                return false;
            }

            audit.Add(db, new AuditEntry(AuditActions.PauseReasonDeleted, actorId, AuditActions.PauseReasonSubject, code, "deleted") { Branch = branch });
            await db.SaveChangesAsync(ct);
            await publish(branch, await ActiveCodesAsync(db, branch, ct), ct);
            return true;
        }, cancellationToken);
    }

    private static async Task LockBranchAsync(ServiceQueueDbContext db, string branch, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<string>($"SELECT code AS `Value` FROM branches WHERE code = {branch} FOR UPDATE").ToListAsync(cancellationToken);

    private static async Task<IReadOnlyList<string>> ActiveCodesAsync(ServiceQueueDbContext db, string branch, CancellationToken cancellationToken) =>
        await db.PauseReasons.Where(r => r.BranchCode == branch && r.Active).OrderBy(r => r.Code).Select(r => r.Code).ToListAsync(cancellationToken);
}
