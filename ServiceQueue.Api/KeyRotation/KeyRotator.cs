using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.KeyRotation;

/// <summary>
/// Re-encrypts every sealed column to the active key, in batches, while the Api keeps serving: each value
/// is written back only if it still holds the ciphertext we read (compare-and-swap), so a concurrent
/// update is never overwritten with older data; what a writer changed meanwhile is sealed with the
/// active key by that writer already, or picked up by the next pass. The statements are SQL of our own
/// because they work on any column of <see cref="EncryptedColumns"/> (names from that fixed list, values
/// always parameters), through EF's connection.
/// </summary>
internal sealed partial class KeyRotator(IDbContextFactory<ServiceQueueDbContext> contexts, FieldEncryptor encryptor, AuditLog audit, ILogger<KeyRotator> logger)
{
    private const int MaxPasses = 3;

    public string ActiveKeyId => encryptor.ActiveKeyId;

    /// <summary>
    /// Awaited with the column and row id after a value is read and resealed, just before its compare-and-swap
    /// write. A seam for tests, which land a concurrent update in exactly that window; the Api leaves it unset.
    /// </summary>
    internal Func<EncryptedColumn, string, CancellationToken, Task>? BeforeSwap { get; init; }

    public async Task<IReadOnlyList<ColumnRotation>> RotateAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<ColumnRotation>();
        foreach (var column in EncryptedColumns.All)
        {
            long reencrypted = 0, alreadyActive = 0, changed = 0, unreadable = 0;
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var result = await PassAsync(column, batchSize, cancellationToken);
                reencrypted += result.Reencrypted;
                alreadyActive += pass == 0 ? result.AlreadyActive : 0;
                unreadable = result.Unreadable;
                changed += result.ChangedMeanwhile;
                if (result.ChangedMeanwhile == 0)
                {
                    break;
                }
            }

            var remaining = await CountRemainingAsync(column, cancellationToken);
            LogColumn(logger, column.Name, encryptor.ActiveKeyId, reencrypted, alreadyActive, changed, unreadable, remaining);
            results.Add(new ColumnRotation(column.Name, reencrypted, alreadyActive, changed, unreadable, remaining));
        }

        await audit.WriteAsync(
            new AuditEntry(AuditActions.KeysRotated, null, AuditActions.KeysSubject, encryptor.ActiveKeyId,
                string.Join("; ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Column}: {r.Reencrypted} re-encrypted, {r.Remaining} remaining")))),
            cancellationToken);
        return results;
    }

    private async Task<ColumnRotation> PassAsync(EncryptedColumn column, int batchSize, CancellationToken cancellationToken)
    {
        long reencrypted = 0, alreadyActive = 0, changed = 0, unreadable = 0;
        var after = "";
        while (true)
        {
            List<SealedValue> batch;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                batch = await db.Database.SqlQueryRaw<SealedValue>(
                        column.SelectBatchSql,
                        new MySqlParameter("@after", after), new MySqlParameter("@batchSize", batchSize))
                    .ToListAsync(cancellationToken);
                foreach (var row in batch)
                {
                    if (!encryptor.NeedsReencryption(row.Value))
                    {
                        alreadyActive++;
                        continue;
                    }

                    byte[] resealed;
                    try
                    {
                        var associatedData = Encoding.UTF8.GetBytes(column.AssociatedData(row.Id));
                        resealed = encryptor.Encrypt(encryptor.Decrypt(row.Value, associatedData), associatedData);
                    }
                    catch (FieldDecryptionException)
                    {
                        unreadable++;
                        LogUnreadable(logger, column.Name, row.Id, FieldEncryptor.KeyIdOf(row.Value) ?? "none");
                        continue;
                    }

                    if (BeforeSwap is { } beforeSwap)
                    {
                        await beforeSwap(column, row.Id, cancellationToken);
                    }

                    var swapped = await db.Database.ExecuteSqlRawAsync(
                        column.SwapSql,
                        [new MySqlParameter("@resealed", resealed), new MySqlParameter("@id", row.Id), new MySqlParameter("@old", row.Value)],
                        cancellationToken);
                    if (swapped == 1)
                    {
                        reencrypted++;
                    }
                    else
                    {
                        changed++;
                    }
                }
            }

            if (batch.Count < batchSize)
            {
                return new ColumnRotation(column.Name, reencrypted, alreadyActive, changed, unreadable, 0);
            }

            after = batch[^1].Id;
        }
    }

    private async Task<long> CountRemainingAsync(EncryptedColumn column, CancellationToken cancellationToken)
    {
        var active = Encoding.ASCII.GetBytes(encryptor.ActiveKeyId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await db.Database.SqlQueryRaw<long>(
                column.CountOtherKeysSql,
                new MySqlParameter("@length", active.Length), new MySqlParameter("@active", active))
            .ToListAsync(cancellationToken);
        return counted.Single();
    }

    private sealed class SealedValue
    {
        public string Id { get; set; } = "";

        public byte[] Value { get; set; } = [];
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information,
        Message = "Rotated {Column} to key {KeyId}: {Reencrypted} re-encrypted, {AlreadyActive} already on it, {ChangedMeanwhile} changed meanwhile, {Unreadable} unreadable, {Remaining} remaining")]
    private static partial void LogColumn(ILogger logger, string column, string keyId, long reencrypted, long alreadyActive, long changedMeanwhile, long unreadable, long remaining);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "{Column} of row {RowId} (key {KeyId}) cannot be decrypted: altered, or its key is not configured; left as it is")]
    private static partial void LogUnreadable(ILogger logger, string column, string rowId, string keyId);
}
