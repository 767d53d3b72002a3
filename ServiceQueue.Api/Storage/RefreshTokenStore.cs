using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Refresh tokens by the SHA-256 of their value, grouped in families (one per sign-in). Each use spends
/// the token and issues its successor in the same family; presenting a spent token revokes the family.
/// </summary>
internal sealed class RefreshTokenStore(IDbContextFactory<ServiceQueueDbContext> contexts, AuditLog audit, TimeProvider timeProvider)
{
    public async Task AddAsync(byte[] hash, string familyId, string userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RefreshTokens.Add(NewToken(hash, familyId, userId, timeProvider.GetUtcNow(), expiresAt));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Spends <paramref name="hash"/> and stores <paramref name="successorHash"/> in its family, atomically.</summary>
    public async Task<(RefreshOutcome Outcome, string? UserId)> RotateAsync(
        byte[] hash, byte[] successorHash, DateTimeOffset successorExpiresAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync<(RefreshOutcome Outcome, string? UserId)>(async ct =>
        {
            var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
            if (token is null)
            {
                return (RefreshOutcome.Unknown, null);
            }

            if (token.RevokedAt is not null)
            {
                return (RefreshOutcome.Revoked, token.UserId);
            }

            if (token.UsedAt is null && Utc.From(token.ExpiresAt) <= now)
            {
                return (RefreshOutcome.Expired, token.UserId);
            }

            // Spending is a conditional update: of two concurrent presentations only one can win it, the other is a reuse.
            var spent = token.UsedAt is null && await db.RefreshTokens
                .Where(t => t.TokenHash == hash && t.UsedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now.UtcDateTime), ct) == 1;
            if (!spent)
            {
                await RevokeFamilyAsync(db, token.FamilyId, "reuse", now, ct);
                audit.Add(db, new AuditEntry(AuditActions.RefreshTokenReuse, null, AuditActions.UserSubject, token.UserId, $"family={token.FamilyId}"));
                await db.SaveChangesAsync(ct);
                return (RefreshOutcome.Reused, token.UserId);
            }

            db.RefreshTokens.Add(NewToken(successorHash, token.FamilyId, token.UserId, now, successorExpiresAt));
            await db.SaveChangesAsync(ct);
            return (RefreshOutcome.Rotated, token.UserId);
        }, cancellationToken);
    }

    /// <summary>Ends the session <paramref name="hash"/> belongs to, if it is <paramref name="userId"/>'s.</summary>
    public async Task<bool> RevokeFamilyOfAsync(byte[] hash, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash && t.UserId == userId).Select(t => t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (familyId is null)
        {
            return false;
        }

        await RevokeFamilyAsync(db, familyId, "logout", timeProvider.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>Ends every session of <paramref name="userId"/>.</summary>
    public async Task RevokeAllAsync(string userId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RevokeAllAsync(db, userId, reason, timeProvider.GetUtcNow(), cancellationToken);
    }

    internal static Task<int> RevokeAllAsync(ServiceQueueDbContext db, string userId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now.UtcDateTime).SetProperty(t => t.RevokedReason, reason), cancellationToken);

    private static Task<int> RevokeFamilyAsync(ServiceQueueDbContext db, string familyId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now.UtcDateTime).SetProperty(t => t.RevokedReason, reason), cancellationToken);

    private static RefreshTokenRow NewToken(byte[] hash, string familyId, string userId, DateTimeOffset now, DateTimeOffset expiresAt) => new()
    {
        TokenHash = hash,
        FamilyId = familyId,
        UserId = userId,
        IssuedAt = now.UtcDateTime,
        ExpiresAt = expiresAt.UtcDateTime,
    };
}
