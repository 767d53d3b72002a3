using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>intake_keys</c>: each Idempotency-Key with the SHA-256 of the body it came with (never the body:
/// it holds personal data) and whether RabbitMQ confirmed it.
/// </summary>
internal sealed class IntakeKeyStore(IDbContextFactory<ServiceQueueDbContext> contexts, TimeProvider timeProvider)
{
    public async Task<IntakeKeyClaim> ClaimAsync(string requestId, byte[] bodyHash, string queue, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.IntakeKeys.Add(new IntakeKeyRow { RequestId = requestId, BodyHash = bodyHash, QueueCode = queue, CreatedAt = timeProvider.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return IntakeKeyClaim.Publish;
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            db.ChangeTracker.Clear();
            var stored = await db.IntakeKeys.AsNoTracking().SingleAsync(k => k.RequestId == requestId, cancellationToken);
            return !stored.BodyHash.AsSpan().SequenceEqual(bodyHash) ? IntakeKeyClaim.Conflict
                : stored.ConfirmedAt is null ? IntakeKeyClaim.Publish
                : IntakeKeyClaim.AlreadyAccepted;
        }
    }

    public async Task MarkConfirmedAsync(string requestId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.IntakeKeys.Where(k => k.RequestId == requestId && k.ConfirmedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.ConfirmedAt, now), cancellationToken);
    }
}
