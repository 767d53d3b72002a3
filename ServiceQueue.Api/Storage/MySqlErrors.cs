using MySql.Data.MySqlClient;

namespace ServiceQueue.Api.Storage;

internal static class MySqlErrors
{
    /// <summary>ER_DUP_ENTRY: a unique key already holds the value.</summary>
    public const int DuplicateKey = 1062;

    public static bool IsDuplicateKey(this MySqlException exception, string keyName) =>
        exception.Number == DuplicateKey && exception.Message.Contains(keyName, StringComparison.Ordinal);
}
