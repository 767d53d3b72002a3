namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>
/// The byte layout of an encrypted field (docs/security.md):
/// <c>version (1) | key id length L (1) | key id (L, ASCII) | nonce (12) | ciphertext (n) | tag (16)</c>.
/// The header (version, L, key id) is authenticated with the caller's associated data.
/// </summary>
internal static class FieldEnvelope
{
    public const byte Version1 = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int MaxKeyIdLength = 32;

    public static bool IsValidKeyId(string id) =>
        id.Length is > 0 and <= MaxKeyIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static int HeaderSize(int keyIdLength) => 2 + keyIdLength;

    /// <summary>Reads the header, or returns false when the bytes cannot be an envelope of a known version.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> envelope, out string keyId, out int headerSize)
    {
        keyId = "";
        headerSize = 0;
        if (envelope.Length < 2 || envelope[0] != Version1)
        {
            return false;
        }

        int length = envelope[1];
        if (length is 0 or > MaxKeyIdLength || envelope.Length < HeaderSize(length) + NonceSize + TagSize)
        {
            return false;
        }

        keyId = System.Text.Encoding.ASCII.GetString(envelope.Slice(2, length));
        headerSize = HeaderSize(length);
        return IsValidKeyId(keyId);
    }
}
