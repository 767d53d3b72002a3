using System.Data;
using Dapper;
using MySql.Data.MySqlClient;
using ServiceQueue.Api.Model;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Users and their served queues. Full name and e-mail are sealed with <see cref="FieldEncryptor"/>, bound
/// to their row and column; the e-mail's blind index keeps it unique.
/// </summary>
internal sealed class UserStore(MySqlConnectionFactory connections, FieldEncryptor encryptor, BlindIndex blindIndex, AuditLog audit, TimeProvider timeProvider)
{
    private const string UserNameKey = "ux_users_user_name";
    private const string EmailKey = "ux_users_email_index";

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users ORDER BY user_name", cancellationToken: cancellationToken));
        var queues = (await connection.QueryAsync<(string UserId, string QueueCode)>(new CommandDefinition(
                "SELECT user_id, queue_code FROM user_queues ORDER BY queue_code", cancellationToken: cancellationToken)))
            .ToLookup(q => q.UserId, q => q.QueueCode);
        return [.. rows.Select(row => ToUser(row, [.. queues[row.Id]]))];
    }

    public async Task<User?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public async Task<UserCredentials?> FindCredentialsAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users WHERE user_name = @userName", new { userName }, cancellationToken: cancellationToken));
        return row is null ? null : new UserCredentials(row.Id, row.UserName, row.PasswordHash, Utc.From(row.LockedUntil));
    }

    public async Task<string?> FindPasswordHashAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT password_hash FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<(UserWriteResult Result, User? User)> CreateAsync(
        string userName, string passwordHash, UserChanges fields, string? actorId, string auditAction, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7().ToString();
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO users (id, user_name, role, full_name, email, email_index, default_desk, password_hash, created_at, updated_at)
                VALUES (@id, @userName, @Role, @FullName, @Email, @EmailIndex, @DefaultDesk, @passwordHash, @now, @now)
                """,
                new { id, userName, passwordHash, now, fields.Role, fields.DefaultDesk, FullName = SealFullName(id, fields.FullName), Email = SealEmail(id, fields.Email), EmailIndex = IndexEmail(fields.Email) },
                transaction,
                cancellationToken: cancellationToken));
            await ReplaceQueuesAsync(connection, transaction, id, fields.Queues, cancellationToken);
            await audit.WriteAsync(connection, transaction, new AuditEntry(auditAction, actorId, AuditActions.UserSubject, id, $"role={fields.Role}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (MySqlException exception) when (exception.Number == MySqlErrors.DuplicateKey)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return (exception.IsDuplicateKey(EmailKey) ? UserWriteResult.DuplicateEmail : UserWriteResult.DuplicateUserName, null);
        }

        return (UserWriteResult.Done, await FindAsync(id, cancellationToken));
    }

    public async Task<(UserWriteResult Result, User? User)> UpdateAsync(string id, UserChanges fields, string actorId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var found = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT id FROM users WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: cancellationToken));
            if (found is null)
            {
                return (UserWriteResult.NotFound, null);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE users SET role = @Role, full_name = @FullName, email = @Email, email_index = @EmailIndex,
                  default_desk = @DefaultDesk, updated_at = @now
                WHERE id = @id
                """,
                new { id, now = timeProvider.GetUtcNow().UtcDateTime, fields.Role, fields.DefaultDesk, FullName = SealFullName(id, fields.FullName), Email = SealEmail(id, fields.Email), EmailIndex = IndexEmail(fields.Email) },
                transaction,
                cancellationToken: cancellationToken));
            await ReplaceQueuesAsync(connection, transaction, id, fields.Queues, cancellationToken);
            await audit.WriteAsync(connection, transaction, new AuditEntry(AuditActions.UserUpdated, actorId, AuditActions.UserSubject, id, $"role={fields.Role}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (MySqlException exception) when (exception.IsDuplicateKey(EmailKey))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return (UserWriteResult.DuplicateEmail, null);
        }

        return (UserWriteResult.Done, await FindAsync(id, cancellationToken));
    }

    public async Task<bool> DeleteAsync(string id, string actorId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM users WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (deleted == 0)
        {
            return false;
        }

        await audit.WriteAsync(connection, transaction, new AuditEntry(AuditActions.UserDeleted, actorId, AuditActions.UserSubject, id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Stores a new hash; with an actor, it is a password change (audited, every session ended).</summary>
    public async Task<bool> SetPasswordHashAsync(string id, string passwordHash, string? actorId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash, updated_at = @now WHERE id = @id",
            new { id, passwordHash, now }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }

        if (actorId is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE refresh_tokens SET revoked_at = @now, revoked_reason = 'password_changed' WHERE user_id = @id AND revoked_at IS NULL",
                new { id, now }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, new AuditEntry(AuditActions.PasswordChanged, actorId, AuditActions.UserSubject, id), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Counts a failed login; at <paramref name="threshold"/> consecutive failures the account locks until <paramref name="lockedUntil"/>.</summary>
    public async Task<bool> RecordFailedLoginAsync(string id, int threshold, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var failures = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT failed_logins FROM users WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: cancellationToken));
        if (failures is null)
        {
            return false;
        }

        var locks = failures.Value + 1 >= threshold;
        await connection.ExecuteAsync(new CommandDefinition(
            locks
                ? "UPDATE users SET failed_logins = 0, locked_until = @lockedUntil WHERE id = @id"
                : "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = @id",
            new { id, lockedUntil = lockedUntil.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return locks;
    }

    public async Task RecordSuccessfulLoginAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
            new { id }, cancellationToken: cancellationToken));
    }

    internal async Task<User?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var queues = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT queue_code FROM user_queues WHERE user_id = @id ORDER BY queue_code", new { id }, transaction, cancellationToken: cancellationToken));
        return ToUser(row, [.. queues]);
    }

    internal static string FullNameContext(string id) => $"users/{id}/full_name";

    internal static string EmailContext(string id) => $"users/{id}/email";

    private User ToUser(UserRow row, IReadOnlyList<string> queues) => new(
        row.Id,
        row.UserName,
        row.Role,
        row.FullName is null ? null : encryptor.DecryptString(row.FullName, FullNameContext(row.Id)),
        row.Email is null ? null : encryptor.DecryptString(row.Email, EmailContext(row.Id)),
        row.DefaultDesk,
        queues,
        Utc.From(row.CreatedAt),
        Utc.From(row.UpdatedAt));

    private byte[]? SealFullName(string id, string? fullName) => fullName is null ? null : encryptor.Encrypt(fullName, FullNameContext(id));

    private byte[]? SealEmail(string id, string? email) => email is null ? null : encryptor.Encrypt(email, EmailContext(id));

    private byte[]? IndexEmail(string? email) => email is null ? null : blindIndex.Compute(BlindIndexKind.Email, email);

    private static async Task ReplaceQueuesAsync(IDbConnection connection, IDbTransaction transaction, string id, IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_queues WHERE user_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        foreach (var queue in queues.Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO user_queues (user_id, queue_code) VALUES (@id, @queue)", new { id, queue }, transaction, cancellationToken: cancellationToken));
        }
    }
}
