using Microsoft.EntityFrameworkCore;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>Reads the <c>alerts</c> table the history follower writes.</summary>
internal sealed class AlertQueries(IDbContextFactory<ServiceQueueDbContext> contexts)
{
    /// <summary>The branch's alerts, newest raise first; <c>from</c>/<c>to</c> bound when they were raised.</summary>
    public async Task<Page<AlertResponse>> PageAsync(AlertFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Alerts.AsNoTracking().Where(a => a.BranchCode == filter.Branch);
        if (filter.Queue is { } queue)
        {
            rows = rows.Where(a => a.QueueCode == queue);
        }

        if (filter.Active is { } active)
        {
            rows = active ? rows.Where(a => a.ClearedAt == null) : rows.Where(a => a.ClearedAt != null);
        }

        if (filter.From?.UtcDateTime is { } from)
        {
            rows = rows.Where(a => a.RaisedAt >= from);
        }

        if (filter.To?.UtcDateTime is { } to)
        {
            rows = rows.Where(a => a.RaisedAt < to);
        }

        var total = await rows.LongCountAsync(cancellationToken);
        var items = await rows.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<AlertResponse>([.. items.Select(ToResponse)], page, pageSize, total);
    }

    /// <summary>The alert of <paramref name="branch"/> with this id, or null (another branch's is not told apart from none).</summary>
    public async Task<AlertResponse?> FindAsync(string branch, string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.BranchCode == branch && a.Id == id, cancellationToken);
        return row is null ? null : ToResponse(row);
    }

    internal static AlertResponse ToResponse(AlertRow row) => new(
        row.Id, row.BranchCode, row.QueueCode, row.Kind, row.ClearedAt is null, Utc.From(row.RaisedAt), Utc.From(row.UpdatedAt),
        row.ClearedAt is { } cleared ? Utc.From(cleared) : null, row.Value, row.PeakValue, row.Threshold,
        row.AcknowledgedAt is { } acknowledged ? Utc.From(acknowledged) : null, row.AcknowledgedBy);
}
