using Dapper;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Refresh tokens by the SHA-256 of their value, grouped in families (one per sign-in). Each use spends
/// the token and issues its successor in the same family; presenting a spent token revokes the family.
/// </summary>
internal sealed class RefreshTokenStore(MySqlConnectionFactory connections, AuditLog audit, TimeProvider timeProvider)
{
    private const string InsertToken = """
        INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at)
        VALUES (@hash, @familyId, @userId, @now, @expiresAt)
        """;

    public async Task AddAsync(byte[] hash, string familyId, string userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            InsertToken,
            new { hash, familyId, userId, now = timeProvider.GetUtcNow().UtcDateTime, expiresAt = expiresAt.UtcDateTime },
            cancellationToken: cancellationToken));
    }

    /// <summary>Spends <paramref name="hash"/> and stores <paramref name="successorHash"/> in its family, atomically.</summary>
    public async Task<(RefreshOutcome Outcome, string? UserId)> RotateAsync(
        byte[] hash, byte[] successorHash, DateTimeOffset successorExpiresAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var token = await connection.QuerySingleOrDefaultAsync<RefreshTokenRow>(new CommandDefinition(
            """
            SELECT family_id AS FamilyId, user_id AS UserId, expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt
            FROM refresh_tokens WHERE token_hash = @hash FOR UPDATE
            """,
            new { hash }, transaction, cancellationToken: cancellationToken));
        if (token is null)
        {
            return (RefreshOutcome.Unknown, null);
        }

        if (token.RevokedAt is not null)
        {
            return (RefreshOutcome.Revoked, token.UserId);
        }

        if (token.UsedAt is not null)
        {
            await RevokeFamilyAsync(connection, transaction, token.FamilyId, "reuse", now, cancellationToken);
            await audit.WriteAsync(connection, transaction,
                new AuditEntry(AuditActions.RefreshTokenReuse, null, AuditActions.UserSubject, token.UserId, $"family={token.FamilyId}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (RefreshOutcome.Reused, token.UserId);
        }

        if (Utc.From(token.ExpiresAt) <= now)
        {
            return (RefreshOutcome.Expired, token.UserId);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @hash",
            new { hash, now = now.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            InsertToken,
            new { hash = successorHash, familyId = token.FamilyId, token.UserId, now = now.UtcDateTime, expiresAt = successorExpiresAt.UtcDateTime },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (RefreshOutcome.Rotated, token.UserId);
    }

    /// <summary>Ends the session <paramref name="hash"/> belongs to, if it is <paramref name="userId"/>'s.</summary>
    public async Task<bool> RevokeFamilyOfAsync(byte[] hash, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var familyId = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT family_id FROM refresh_tokens WHERE token_hash = @hash AND user_id = @userId",
            new { hash, userId }, transaction, cancellationToken: cancellationToken));
        if (familyId is null)
        {
            return false;
        }

        await RevokeFamilyAsync(connection, transaction, familyId, "logout", timeProvider.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends every session of <paramref name="userId"/>.</summary>
    public async Task RevokeAllAsync(string userId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now, revoked_reason = @reason WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, reason, now = timeProvider.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    private static Task RevokeFamilyAsync(
        System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, string familyId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now, revoked_reason = @reason WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId, reason, now = now.UtcDateTime }, transaction, cancellationToken: cancellationToken));
}
