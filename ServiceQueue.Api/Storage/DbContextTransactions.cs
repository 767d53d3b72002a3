using System.Data;
using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

internal static class DbContextTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the context's execution strategy, so a transient
    /// failure retries the whole unit from a clean change tracker rather than half of it.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(
        this ServiceQueueDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, IsolationLevel isolation = IsolationLevel.RepeatableRead) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(isolation, token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
}
