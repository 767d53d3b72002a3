using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Storage;

/// <summary><c>branches</c>: the offices of the chain; each write carries its audit row in the same transaction.</summary>
internal sealed class BranchStore(IDbContextFactory<ServiceQueueDbContext> contexts, AuditLog audit, IOptions<BranchOptions> options, TimeProvider timeProvider)
{
    public string DefaultCode => options.Value.Default;

    public async Task<IReadOnlyList<BranchRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Branches.AsNoTracking().OrderBy(b => b.Code).ToListAsync(cancellationToken);
    }

    public async Task<BranchRow?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Branches.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
    }

    /// <summary>Creates (<paramref name="create"/>) or replaces a branch, audited as <paramref name="actorId"/>.</summary>
    public async Task<(BranchWriteResult Result, BranchRow? Row)> WriteAsync(BranchSettings settings, bool create, string actorId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await db.InTransactionAsync<(BranchWriteResult, BranchRow?)>(async ct =>
            {
                var row = create ? null : await db.Branches.SingleOrDefaultAsync(b => b.Code == settings.Code, ct);
                if (!create && row is null)
                {
                    return (BranchWriteResult.NotFound, null);
                }

                if (row is null)
                {
                    row = new BranchRow { Code = settings.Code, CreatedAt = now };
                    db.Branches.Add(row);
                    // A new office pauses for what every office starts with; its first queue's creation pushes them to the Broker.
                    db.PauseReasons.AddRange(DefaultPauseReasons(settings.Code, now));
                }

                row.Name = settings.Name;
                row.TimeZone = settings.TimeZone;
                row.IsOpen = settings.Open;
                row.Region = settings.Region;
                row.UpdatedAt = now;
                audit.Add(db, new AuditEntry(
                    create ? AuditActions.BranchCreated : AuditActions.BranchUpdated, actorId, AuditActions.BranchSubject, settings.Code,
                    $"name={settings.Name}; timeZone={settings.TimeZone}; open={settings.Open}; region={settings.Region}")
                { Branch = settings.Code });
                await db.SaveChangesAsync(ct);
                // Read back: the database keeps microseconds, and the answer must be what later reads will say.
                return (BranchWriteResult.Done, await db.Branches.AsNoTracking().SingleAsync(b => b.Code == settings.Code, ct));
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            return (BranchWriteResult.DuplicateCode, null);
        }
    }

    /// <summary>
    /// Makes the configured default branch exist: the migration made <c>MAIN</c>, and an installation that names
    /// another default gets it (UTC, named by its code) so that new queues have a branch to belong to.
    /// </summary>
    public async Task EnsureDefaultAsync(CancellationToken cancellationToken)
    {
        var code = options.Value.Default;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Branches.AnyAsync(b => b.Code == code, cancellationToken))
        {
            return;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        db.Branches.Add(new BranchRow { Code = code, Name = code, TimeZone = "UTC", IsOpen = true, CreatedAt = now, UpdatedAt = now });
        db.PauseReasons.AddRange(DefaultPauseReasons(code, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            // Another replica made it first.
        }
    }

    private static IEnumerable<PauseReasonRow> DefaultPauseReasons(string branch, DateTime now) =>
        PauseReasonRow.Defaults.Select(d => new PauseReasonRow { BranchCode = branch, Code = d.Code, Name = d.Name, Active = true, CreatedAt = now, UpdatedAt = now });
}
