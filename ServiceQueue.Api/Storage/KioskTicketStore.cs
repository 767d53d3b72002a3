using Microsoft.EntityFrameworkCore;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// <c>kiosk_tickets</c>: the one ticket holder token of each kiosk request id, sealed with the field encryptor (bound to its
/// request id). The first tap mints it; a repeat, or a double tap racing it, reads the same one back.
/// </summary>
internal sealed class KioskTicketStore(IDbContextFactory<ServiceQueueDbContext> contexts, FieldEncryptor encryptor, TimeProvider timeProvider)
{
    /// <summary>The associated data a request's token is sealed with (also what key rotation reseals it with).</summary>
    public static string TokenContext(string requestId) => $"kiosk_tickets/{requestId}/holder_token";

    public async Task<string> GetOrCreateTokenAsync(string requestId, string kioskId, string queue, CancellationToken cancellationToken)
    {
        var candidate = TicketHolderToken.Create();
        var sealedToken = encryptor.Encrypt(candidate, TokenContext(requestId));
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The first writer wins; whoever comes second keeps the stored token, so two taps never hold two tokens.
        await db.Database.ExecuteSqlAsync(
            $"INSERT IGNORE INTO kiosk_tickets (request_id, kiosk_id, queue_code, holder_token, created_at) VALUES ({requestId}, {kioskId}, {queue}, {sealedToken}, {now})",
            cancellationToken);
        var stored = await db.KioskTickets.AsNoTracking().Where(t => t.RequestId == requestId).Select(t => t.HolderToken).SingleAsync(cancellationToken);
        return encryptor.DecryptString(stored, TokenContext(requestId));
    }
}
