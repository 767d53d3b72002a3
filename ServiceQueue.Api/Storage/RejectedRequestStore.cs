using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Messaging;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Storage;

/// <summary><c>rejected_requests</c>: one row per rejected request id; a redelivered event changes nothing.</summary>
internal sealed class RejectedRequestStore(IDbContextFactory<ServiceQueueDbContext> contexts, IOptions<BranchOptions> branches, TimeProvider timeProvider)
{
    public async Task RecordAsync(string requestId, RequestRejectedEvent rejection, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RejectedRequests.Add(new RejectedRequestRow
        {
            RequestId = requestId,
            // The branch the request was for; one the Consumer could not tell (a malformed key) is filed under the default.
            BranchCode = ServiceRequestRules.IsQueueCode(rejection.Branch) ? rejection.Branch : branches.Value.Default,
            QueueCode = Clip(rejection.Queue, 16) ?? "",
            Reason = Clip(rejection.Reason, 32) ?? "unknown",
            Detail = Clip(rejection.Detail, 500),
            RejectedAt = rejection.RejectedAt?.UtcDateTime ?? now,
            RecordedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsDuplicateKey())
        {
            // A redelivery: the first record stands.
        }
    }

    public async Task<RejectedRequestRow?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RejectedRequests.AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == requestId, cancellationToken);
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
