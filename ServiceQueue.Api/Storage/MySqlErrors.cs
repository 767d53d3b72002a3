using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace ServiceQueue.Api.Storage;

internal static class MySqlErrors
{
    /// <summary>ER_DUP_ENTRY on <paramref name="keyName"/> (any unique key when null): the value is taken.</summary>
    public static bool IsDuplicateKey(this DbUpdateException exception, string? keyName = null) =>
        exception.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } duplicate
        && (keyName is null || duplicate.Message.Contains(keyName, StringComparison.Ordinal));

    /// <summary>The database failed or could not be reached (after the execution strategy's retries).</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is DbException or DbUpdateException or RetryLimitExceededException;
}
