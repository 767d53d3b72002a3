namespace ServiceQueue.Api.KeyRotation;

/// <summary>A column of sealed values, with the associated data each row's value is bound to.</summary>
internal sealed record EncryptedColumn(string Table, string IdColumn, string Column, Func<string, string> AssociatedData)
{
    public string Name => $"{Table}.{Column}";
}
