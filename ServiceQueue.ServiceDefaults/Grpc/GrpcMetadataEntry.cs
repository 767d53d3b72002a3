namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>One metadata item: a text value, or bytes for keys ending in <c>-bin</c>.</summary>
public sealed class GrpcMetadataEntry
{
    private readonly byte[]? _valueBytes;

    internal GrpcMetadataEntry(string key, string? value, byte[]? valueBytes)
    {
        Key = key;
        Value = value;
        _valueBytes = valueBytes;
    }

    /// <summary>The lower-case header name.</summary>
    public string Key { get; }

    /// <summary>The text value; null for a binary entry.</summary>
    public string? Value { get; }

    public bool IsBinary => _valueBytes is not null;

    /// <summary>The decoded bytes of a binary (<c>-bin</c>) entry; empty for a text entry.</summary>
    public ReadOnlyMemory<byte> ValueBytes => _valueBytes;

    /// <summary>The value as it travels in an HTTP/2 header: binary values are base64.</summary>
    internal string HeaderValue => _valueBytes is null ? Value! : Convert.ToBase64String(_valueBytes);
}
