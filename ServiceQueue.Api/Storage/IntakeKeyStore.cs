using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>intake_keys</c>: each Idempotency-Key with the SHA-256 of the body it came with (never the body:
/// it holds personal data) and whether RabbitMQ confirmed it. Claims and confirmations of concurrent
/// requests are written together, one statement per lot (<see cref="IntakeKeyBatcher{TItem,TResult}"/>).
/// </summary>
internal sealed class IntakeKeyStore
{
    // Far below max_allowed_packet and the 65,535 placeholders of a prepared statement.
    private const int MaxBatch = 500;

    // Statements in flight at once per kind: enough to overlap round trips, few enough to leave the pool to the rest of the Api.
    private const int MaxWriters = 4;

    private readonly IDbContextFactory<ServiceQueueDbContext> _contexts;
    private readonly TimeProvider _timeProvider;
    private readonly IntakeKeyBatcher<Claim, IntakeKeyClaim> _claims;
    private readonly IntakeKeyBatcher<string, bool> _confirmations;

    public IntakeKeyStore(IDbContextFactory<ServiceQueueDbContext> contexts, TimeProvider timeProvider)
    {
        _contexts = contexts;
        _timeProvider = timeProvider;
        _claims = new(ClaimAllAsync, MaxBatch, MaxWriters);
        _confirmations = new(ConfirmAllAsync, MaxBatch, MaxWriters);
    }

    public Task<IntakeKeyClaim> ClaimAsync(string requestId, byte[] bodyHash, string queue, CancellationToken cancellationToken) =>
        _claims.AddAsync(new Claim(requestId, bodyHash, queue), cancellationToken);

    public Task MarkConfirmedAsync(string requestId, CancellationToken cancellationToken) =>
        _confirmations.AddAsync(requestId, cancellationToken);

    // Insert what is new, keep what exists, then read every key back: the stored hash and confirmation decide.
    // Both statements are idempotent, so the execution strategy may run them again after a transient failure.
    private async Task<IReadOnlyList<IntakeKeyClaim>> ClaimAllAsync(IReadOnlyList<Claim> claims, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var sql = new StringBuilder("INSERT INTO intake_keys (request_id, body_hash, queue_code, created_at) VALUES ");
        for (var i = 0; i < claims.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}(@r{i},@h{i},@q{i},@now)");
        }

        sql.Append(" ON DUPLICATE KEY UPDATE request_id = request_id; SELECT request_id, body_hash, confirmed_at IS NOT NULL FROM intake_keys WHERE request_id IN (");
        sql.AppendJoin(',', claims.Select((_, i) => $"@r{i}")).Append(')');

        var stored = new Dictionary<string, (byte[] Hash, bool Confirmed)>(StringComparer.Ordinal);
        await RunAsync(sql.ToString(), claims.Count, (command, i) =>
        {
            Add(command, $"@r{i}", claims[i].RequestId);
            Add(command, $"@h{i}", claims[i].BodyHash);
            Add(command, $"@q{i}", claims[i].Queue);
        }, now, async (command, token) =>
        {
            stored.Clear();
            await using var reader = await command.ExecuteReaderAsync(token);
            do
            {
                while (await reader.ReadAsync(token))
                {
                    stored[reader.GetString(0)] = ((byte[])reader.GetValue(1), reader.GetBoolean(2));
                }
            }
            while (await reader.NextResultAsync(token));
        }, cancellationToken);

        return [.. claims.Select(claim => stored.TryGetValue(claim.RequestId, out var row)
            ? !row.Hash.AsSpan().SequenceEqual(claim.BodyHash) ? IntakeKeyClaim.Conflict
                : row.Confirmed ? IntakeKeyClaim.AlreadyAccepted
                : IntakeKeyClaim.Publish
            : throw new InvalidOperationException("An intake key was neither inserted nor found."))];
    }

    private async Task<IReadOnlyList<bool>> ConfirmAllAsync(IReadOnlyList<string> requestIds, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("UPDATE intake_keys SET confirmed_at = @now WHERE confirmed_at IS NULL AND request_id IN (");
        sql.AppendJoin(',', requestIds.Select((_, i) => $"@r{i}")).Append(')');
        await RunAsync(sql.ToString(), requestIds.Count, (command, i) => Add(command, $"@r{i}", requestIds[i]),
            _timeProvider.GetUtcNow().UtcDateTime, async (command, token) => await command.ExecuteNonQueryAsync(token), cancellationToken);
        return [.. requestIds.Select(_ => true)];
    }

    private async Task RunAsync(string sql, int count, Action<DbCommand, int> bind, DateTime now, Func<DbCommand, CancellationToken, Task> execute, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(token);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                for (var i = 0; i < count; i++)
                {
                    bind(command, i);
                }

                Add(command, "@now", now);
                await execute(command, token);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record Claim(string RequestId, byte[] BodyHash, string Queue);
}
