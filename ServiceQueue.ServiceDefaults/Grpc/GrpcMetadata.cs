using System.Collections;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// Custom call metadata (request headers or response trailers). Keys are lower-case; keys ending in
/// <c>-bin</c> carry bytes (base64 on the wire), all others printable ASCII text.
/// </summary>
public sealed class GrpcMetadata : IReadOnlyList<GrpcMetadataEntry>
{
    internal const string BinarySuffix = "-bin";

    private readonly List<GrpcMetadataEntry> _entries = [];

    public int Count => _entries.Count;

    public GrpcMetadataEntry this[int index] => _entries[index];

    public void Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        key = ValidateKey(key);
        if (key.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Key '{key}' ends with '{BinarySuffix}'; add a byte[] value instead.", nameof(key));
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"The value of '{key}' must be printable ASCII; use a '{BinarySuffix}' key for other data.", nameof(value));
            }
        }

        _entries.Add(new GrpcMetadataEntry(key, value, null));
    }

    public void Add(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        key = ValidateKey(key);
        if (!key.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A binary value needs a key ending with '{BinarySuffix}'; '{key}' does not.", nameof(key));
        }

        _entries.Add(new GrpcMetadataEntry(key, null, value));
    }

    /// <summary>The first text value under <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) =>
        _entries.Find(e => !e.IsBinary && string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>The first binary value under <paramref name="key"/> (a <c>-bin</c> key), or null.</summary>
    public byte[]? GetValueBytes(string key) =>
        _entries.Find(e => e.IsBinary && string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase))?.ValueBytes.ToArray();

    public IEnumerator<GrpcMetadataEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a header as received from the wire, decoding base64 for <c>-bin</c> keys.</summary>
    internal void AddFromHeader(string key, string value)
    {
        if (!key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase))
        {
            _entries.Add(new GrpcMetadataEntry(key.ToLowerInvariant(), value, null));
            return;
        }

        // The spec lets senders omit base64 padding; Convert needs it.
        var padded = value.Length % 4 == 0 ? value : value.PadRight(value.Length + (4 - (value.Length % 4)), '=');
        try
        {
            _entries.Add(new GrpcMetadataEntry(key.ToLowerInvariant(), null, Convert.FromBase64String(padded)));
        }
        catch (FormatException ex)
        {
            throw new RpcException(StatusCode.Internal, $"Metadata '{key}' is not valid base64.", innerException: ex);
        }
    }

    private static string ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        key = key.ToLowerInvariant();
        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' may contain only a-z, 0-9, '-', '_' and '.'.", nameof(key));
            }
        }

        if (key.StartsWith("grpc-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' uses the reserved 'grpc-' prefix.", nameof(key));
        }

        return key;
    }
}
