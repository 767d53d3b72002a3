using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>queue_definitions</c>, the source of truth for queues. A write holds its row locked while the
/// caller pushes the definition to the Broker and commits only if that succeeded, so a change the
/// Broker never saw is never stored; the audit row rides in the same transaction.
/// </summary>
internal sealed class QueueDefinitionStore(IDbContextFactory<ServiceQueueDbContext> contexts, AuditLog audit, TimeProvider timeProvider)
{
    /// <summary>The queues of one branch, by code.</summary>
    public async Task<IReadOnlyList<QueueDefinitionRow>> ListAsync(string branch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.QueueDefinitions.AsNoTracking().Where(q => q.BranchCode == branch).OrderBy(q => q.Code).ToListAsync(cancellationToken);
    }

    /// <summary>Every queue of every branch, by branch and code (for the reconciler).</summary>
    public async Task<IReadOnlyList<QueueDefinitionRow>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.QueueDefinitions.AsNoTracking().OrderBy(q => q.BranchCode).ThenBy(q => q.Code).ToListAsync(cancellationToken);
    }

    public async Task<QueueDefinitionRow?> FindAsync(string branch, string code, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.QueueDefinitions.AsNoTracking().SingleOrDefaultAsync(q => q.BranchCode == branch && q.Code == code, cancellationToken);
    }

    /// <summary>Creates (<paramref name="create"/>) or replaces a definition; <paramref name="publish"/> runs before the commit and aborts it by throwing.</summary>
    public async Task<(QueueWriteResult Result, QueueDefinitionRow? Row)> WriteAsync(
        QueueSettings settings, bool create, string actorId, Func<QueueSettings, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await db.InTransactionAsync<(QueueWriteResult, QueueDefinitionRow?)>(async ct =>
            {
                var row = create ? null : await db.QueueDefinitions.SingleOrDefaultAsync(q => q.BranchCode == settings.Branch && q.Code == settings.Code, ct);
                if (!create && row is null)
                {
                    return (QueueWriteResult.NotFound, null);
                }

                if (row is null)
                {
                    row = new QueueDefinitionRow { Code = settings.Code, BranchCode = settings.Branch, CreatedAt = now };
                    db.QueueDefinitions.Add(row);
                }

                Apply(row, settings, now);
                audit.Add(db, new AuditEntry(
                    create ? AuditActions.QueueCreated : AuditActions.QueueUpdated, actorId, AuditActions.QueueSubject, settings.Code, Describe(settings))
                { Branch = settings.Branch });
                // The INSERT or UPDATE takes the row lock now; it is held until the commit, after the Broker answered.
                await db.SaveChangesAsync(ct);
                await publish(settings, ct);
                // Read back: the database keeps microseconds, and the answer must be what later reads will say.
                return (QueueWriteResult.Done, await db.QueueDefinitions.AsNoTracking().SingleAsync(q => q.BranchCode == settings.Branch && q.Code == settings.Code, ct));
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            return (QueueWriteResult.DuplicateCode, null);
        }
    }

    private static void Apply(QueueDefinitionRow row, QueueSettings s, DateTime now)
    {
        row.Name = s.Name;
        row.Prefix = s.NumberPrefix;
        row.IsOpen = s.Open;
        row.PriorityRun = s.PriorityRun;
        row.MaxWaitSeconds = NullIfZero(s.MaxWaitSeconds);
        row.SlaSeconds = NullIfZero(s.SlaSeconds);
        row.Capacity = NullIfZero(s.MaxSize);
        row.RecallLimit = s.RecallLimit;
        row.RecallMinIntervalSeconds = s.RecallMinIntervalSeconds;
        row.TimeZone = s.TimeZone;
        row.CustomerFields = QueueCustomerFields.Format(s.CustomerFields);
        row.AlertWaitingPastSla = s.Alerts.WaitingPastSla;
        row.AlertWaitingOver = NullIfZero(s.Alerts.WaitingOver);
        row.AlertNoAttendant = s.Alerts.NoAttendant;
        row.AlertServiceOverSeconds = NullIfZero(s.Alerts.ServiceOverSeconds);
        row.UpdatedAt = now;
    }

    private static int? NullIfZero(int value) => value == 0 ? null : value;

    private static string Describe(QueueSettings s) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"name={s.Name}; prefix={s.NumberPrefix}; open={s.Open}; maxSize={s.MaxSize}; priorityRun={s.PriorityRun}; maxWait={s.MaxWaitSeconds}s; sla={s.SlaSeconds}s; recallLimit={s.RecallLimit}; recallMinInterval={s.RecallMinIntervalSeconds}s; timeZone={s.TimeZone}; customerFields={QueueCustomerFields.Format(s.CustomerFields)}; alerts=waitingPastSla:{s.Alerts.WaitingPastSla},waitingOver:{s.Alerts.WaitingOver},noAttendant:{s.Alerts.NoAttendant},serviceOver:{s.Alerts.ServiceOverSeconds}s");
}
