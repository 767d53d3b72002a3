namespace ServiceQueue.Api.Storage;

/// <summary>Settings of the Api's database beyond its connection string.</summary>
internal static class StorageOptions
{
    /// <summary>Optional, e.g. <c>10.11.19-mariadb</c> or <c>8.4.0-mysql</c>; asked of the server when absent.</summary>
    public const string ServerVersionKey = "Storage:ServerVersion";
}
