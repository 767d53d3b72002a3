using System.Data;
using Dapper;

namespace ServiceQueue.Api.Storage;

/// <summary>Appends to <c>audit_log</c>, in the caller's transaction when the audited change has one.</summary>
internal sealed class AuditLog(MySqlConnectionFactory connections, TimeProvider timeProvider)
{
    private const string Insert = """
        INSERT INTO audit_log (occurred_at, action, actor_id, subject_type, subject_id, detail)
        VALUES (@OccurredAt, @Action, @ActorId, @SubjectType, @SubjectId, @Detail)
        """;

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await WriteAsync(connection, null, entry, cancellationToken);
    }

    public Task WriteAsync(IDbConnection connection, IDbTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            Insert,
            new { OccurredAt = (entry.OccurredAt ?? timeProvider.GetUtcNow()).UtcDateTime, entry.Action, entry.ActorId, entry.SubjectType, entry.SubjectId, entry.Detail },
            transaction,
            cancellationToken: cancellationToken));
}
