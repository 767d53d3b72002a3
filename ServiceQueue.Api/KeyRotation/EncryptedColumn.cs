namespace ServiceQueue.Api.KeyRotation;

/// <summary>A column of sealed values, with the associated data each row's value is bound to.</summary>
/// <remarks>Its statements name the table and columns from <see cref="EncryptedColumns"/> (never input); values are parameters.</remarks>
internal sealed record EncryptedColumn(string Table, string IdColumn, string Column, Func<string, string> AssociatedData)
{
    public string Name => $"{Table}.{Column}";

    /// <summary>Keyset paging by id (<c>@after</c>, <c>@batchSize</c>): rows added or rewritten meanwhile cannot make a page repeat or skip.</summary>
    public string SelectBatchSql => $"""
        SELECT {IdColumn} AS Id, {Column} AS Value FROM {Table}
        WHERE {IdColumn} > @after AND {Column} IS NOT NULL
        ORDER BY {IdColumn} LIMIT @batchSize
        """;

    /// <summary>Compare-and-swap: <c>@resealed</c> replaces the value only while it still is <c>@old</c>.</summary>
    public string SwapSql => $"UPDATE {Table} SET {Column} = @resealed WHERE {IdColumn} = @id AND {Column} = @old";

    /// <summary>Values not sealed with the key <c>@active</c> (<c>@length</c> bytes); envelope: version byte, key id length, key id (docs/security.md).</summary>
    public string CountOtherKeysSql => $"""
        SELECT COUNT(*) AS `Value` FROM {Table}
        WHERE {Column} IS NOT NULL
          AND NOT (ASCII(SUBSTRING({Column}, 2, 1)) = @length AND SUBSTRING({Column}, 3, @length) = @active)
        """;
}
