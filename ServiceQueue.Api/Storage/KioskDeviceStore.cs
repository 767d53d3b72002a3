using Microsoft.EntityFrameworkCore;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>kiosk_devices</c> and <c>kiosk_device_queues</c>. Each change is saved with its audit row; the device token
/// appears nowhere (neither the table nor the audit), only its SHA-256.
/// </summary>
internal sealed class KioskDeviceStore(IDbContextFactory<ServiceQueueDbContext> contexts, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<KioskDevice>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.KioskDevices.AsNoTracking().Include(k => k.Queues).OrderBy(k => k.BranchCode).ThenBy(k => k.Name).ThenBy(k => k.Id)
            .AsSplitQuery().ToListAsync(cancellationToken);
        return [.. rows.Select(ToDevice)];
    }

    public async Task<KioskDevice?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.KioskDevices.AsNoTracking().Include(k => k.Queues).AsSplitQuery().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        return row is null ? null : ToDevice(row);
    }

    /// <summary>The kiosk a device token's hash belongs to, unless it was revoked.</summary>
    public async Task<KioskDevice?> FindActiveByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.KioskDevices.AsNoTracking().Include(k => k.Queues).AsSplitQuery()
            .SingleOrDefaultAsync(k => k.TokenHash == tokenHash && k.RevokedAt == null, cancellationToken);
        return row is null ? null : ToDevice(row);
    }

    public async Task<KioskDevice> CreateAsync(KioskSettings settings, byte[] tokenHash, string actorId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var row = new KioskDeviceRow
        {
            Id = Guid.CreateVersion7().ToString(),
            TokenHash = tokenHash,
            CreatedAt = now,
        };
        Apply(row, settings, now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.KioskDevices.Add(row);
        audit.Add(db, new AuditEntry(AuditActions.KioskEnrolled, actorId, AuditActions.KioskSubject, row.Id, Describe(settings)) { Branch = settings.Branch });
        await db.SaveChangesAsync(cancellationToken);
        return await FindAsync(row.Id, cancellationToken) ?? throw new InvalidOperationException("A kiosk just enrolled was not found.");
    }

    /// <summary>Replaces name, queues and language; null when there is no such kiosk.</summary>
    public async Task<KioskDevice?> UpdateAsync(string id, KioskSettings settings, string actorId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.InTransactionAsync(async ct =>
        {
            var row = await db.KioskDevices.Include(k => k.Queues).SingleOrDefaultAsync(k => k.Id == id, ct);
            if (row is null)
            {
                return false;
            }

            Apply(row, settings, now);
            audit.Add(db, new AuditEntry(AuditActions.KioskUpdated, actorId, AuditActions.KioskSubject, id, Describe(settings)) { Branch = row.BranchCode });
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        return found ? await FindAsync(id, cancellationToken) : null;
    }

    /// <summary>Revokes the kiosk's token for good; false when there is no such kiosk. A second revocation changes nothing.</summary>
    public async Task<bool> RevokeAsync(string id, string actorId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync(async ct =>
        {
            var row = await db.KioskDevices.SingleOrDefaultAsync(k => k.Id == id, ct);
            if (row is null)
            {
                return false;
            }

            if (row.RevokedAt is null)
            {
                row.RevokedAt = now;
                row.UpdatedAt = now;
                audit.Add(db, new AuditEntry(AuditActions.KioskRevoked, actorId, AuditActions.KioskSubject, id, $"name={row.Name}") { Branch = row.BranchCode });
                await db.SaveChangesAsync(ct);
            }

            return true;
        }, cancellationToken);
    }

    private static void Apply(KioskDeviceRow row, KioskSettings settings, DateTime now)
    {
        row.Name = settings.Name;
        row.BranchCode = settings.Branch;
        row.Language = settings.Language;
        row.UpdatedAt = now;
        row.Queues.RemoveAll(q => !settings.Queues.Contains(q.QueueCode));
        foreach (var code in settings.Queues.Where(code => !row.Queues.Exists(q => q.QueueCode == code)))
        {
            row.Queues.Add(new KioskDeviceQueueRow { KioskId = row.Id, QueueCode = code });
        }
    }

    private static KioskDevice ToDevice(KioskDeviceRow row) => new(
        row.Id, row.Name, row.BranchCode, row.Language, [.. row.Queues.Select(q => q.QueueCode).Order(StringComparer.Ordinal)],
        Utc.From(row.CreatedAt), row.RevokedAt is { } revoked ? Utc.From(revoked) : null);

    private static string Describe(KioskSettings settings) =>
        $"name={settings.Name}; branch={settings.Branch}; queues={string.Join(',', settings.Queues)}; language={settings.Language}";
}
