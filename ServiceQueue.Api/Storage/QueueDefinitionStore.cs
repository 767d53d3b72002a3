using System.Data;
using Dapper;
using MySql.Data.MySqlClient;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>queue_definitions</c>, the source of truth for queues. A write holds its row locked while the
/// caller pushes the definition to the Broker and commits only if that succeeded, so a change the
/// Broker never saw is never stored; the audit row rides in the same transaction.
/// </summary>
internal sealed class QueueDefinitionStore(MySqlConnectionFactory connections, AuditLog audit, TimeProvider timeProvider)
{
    private const string Insert = """
        INSERT INTO queue_definitions (code, name, prefix, is_open, priority_run, max_wait_seconds, sla_seconds, capacity,
          recall_limit, recall_min_interval_seconds, time_zone, created_at, updated_at)
        VALUES (@Code, @Name, @NumberPrefix, @Open, @PriorityRun, @MaxWait, @Sla, @Capacity,
          @RecallLimit, @RecallMinIntervalSeconds, @TimeZone, @now, @now)
        """;

    private const string Update = """
        UPDATE queue_definitions SET name = @Name, prefix = @NumberPrefix, is_open = @Open, priority_run = @PriorityRun,
          max_wait_seconds = @MaxWait, sla_seconds = @Sla, capacity = @Capacity, recall_limit = @RecallLimit,
          recall_min_interval_seconds = @RecallMinIntervalSeconds, time_zone = @TimeZone, updated_at = @now
        WHERE code = @Code
        """;

    public async Task<IReadOnlyList<QueueDefinitionRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<QueueDefinitionRow>(new CommandDefinition(
            $"SELECT {QueueDefinitionRow.Columns} FROM queue_definitions ORDER BY code", cancellationToken: cancellationToken))];
    }

    public async Task<QueueDefinitionRow?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, code, forUpdate: false, cancellationToken);
    }

    /// <summary>Creates (<paramref name="create"/>) or replaces a definition; <paramref name="publish"/> runs before the commit and aborts it by throwing.</summary>
    public async Task<(QueueWriteResult Result, QueueDefinitionRow? Row)> WriteAsync(
        QueueSettings settings, bool create, string actorId, Func<QueueSettings, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var parameters = new
        {
            settings.Code,
            settings.Name,
            settings.NumberPrefix,
            settings.Open,
            settings.PriorityRun,
            MaxWait = NullIfZero(settings.MaxWaitSeconds),
            Sla = NullIfZero(settings.SlaSeconds),
            Capacity = NullIfZero(settings.MaxSize),
            settings.RecallLimit,
            settings.RecallMinIntervalSeconds,
            settings.TimeZone,
            now,
        };

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            if (create)
            {
                await connection.ExecuteAsync(new CommandDefinition(Insert, parameters, transaction, cancellationToken: cancellationToken));
            }
            else if (await FindAsync(connection, transaction, settings.Code, forUpdate: true, cancellationToken) is null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return (QueueWriteResult.NotFound, null);
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(Update, parameters, transaction, cancellationToken: cancellationToken));
            }

            await audit.WriteAsync(connection, transaction, new AuditEntry(
                create ? AuditActions.QueueCreated : AuditActions.QueueUpdated, actorId, AuditActions.QueueSubject, settings.Code, Describe(settings)), cancellationToken);
            await publish(settings, cancellationToken);
            var row = await FindAsync(connection, transaction, settings.Code, forUpdate: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (QueueWriteResult.Done, row);
        }
        catch (MySqlException exception) when (exception.Number == MySqlErrors.DuplicateKey)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return (QueueWriteResult.DuplicateCode, null);
        }
    }

    private static Task<QueueDefinitionRow?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string code, bool forUpdate, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<QueueDefinitionRow>(new CommandDefinition(
            $"SELECT {QueueDefinitionRow.Columns} FROM queue_definitions WHERE code = @code{(forUpdate ? " FOR UPDATE" : "")}",
            new { code },
            transaction,
            cancellationToken: cancellationToken));

    private static int? NullIfZero(int value) => value == 0 ? null : value;

    private static string Describe(QueueSettings s) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"name={s.Name}; prefix={s.NumberPrefix}; open={s.Open}; maxSize={s.MaxSize}; priorityRun={s.PriorityRun}; maxWait={s.MaxWaitSeconds}s; sla={s.SlaSeconds}s; recallLimit={s.RecallLimit}; recallMinInterval={s.RecallMinIntervalSeconds}s; timeZone={s.TimeZone}");
}
