using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>
/// AES-256-GCM envelopes for personal data (layout in <see cref="FieldEnvelope"/>). The associated data
/// binds a value to where it lives (for example <c>users/{id}/email</c>), so a ciphertext copied to
/// another row or column does not decrypt.
/// </summary>
public sealed class FieldEncryptor
{
    private readonly Dictionary<string, byte[]> _keys;
    private readonly byte[] _activeKeyIdBytes;

    public FieldEncryptor(IOptions<EncryptionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _keys = settings.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value.Trim()), StringComparer.Ordinal);
        ActiveKeyId = settings.ActiveKeyId;
        _activeKeyIdBytes = Encoding.ASCII.GetBytes(ActiveKeyId);
    }

    public string ActiveKeyId { get; }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var headerSize = FieldEnvelope.HeaderSize(_activeKeyIdBytes.Length);
        var envelope = new byte[headerSize + FieldEnvelope.NonceSize + plaintext.Length + FieldEnvelope.TagSize];
        envelope[0] = FieldEnvelope.Version1;
        envelope[1] = (byte)_activeKeyIdBytes.Length;
        _activeKeyIdBytes.CopyTo(envelope.AsSpan(2));

        var nonce = envelope.AsSpan(headerSize, FieldEnvelope.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = envelope.AsSpan(headerSize + FieldEnvelope.NonceSize, plaintext.Length);
        var tag = envelope.AsSpan(envelope.Length - FieldEnvelope.TagSize);

        using var aes = new AesGcm(_keys[ActiveKeyId], FieldEnvelope.TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, Authenticated(envelope.AsSpan(0, headerSize), associatedData));
        return envelope;
    }

    public byte[] Encrypt(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(associatedData);
        return Encrypt(Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(associatedData));
    }

    /// <exception cref="FieldDecryptionException">The envelope was altered, the associated data differs, or its key is not listed.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData)
    {
        if (!FieldEnvelope.TryReadHeader(envelope, out var keyId, out var headerSize))
        {
            throw new FieldDecryptionException("The encrypted field is not a version 1 envelope: it was truncated or altered.");
        }

        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new FieldDecryptionException($"The encrypted field was sealed with key '{keyId}', which Security__Encryption__Keys does not list.");
        }

        var nonce = envelope.Slice(headerSize, FieldEnvelope.NonceSize);
        var ciphertext = envelope[(headerSize + FieldEnvelope.NonceSize)..^FieldEnvelope.TagSize];
        var tag = envelope[^FieldEnvelope.TagSize..];
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, FieldEnvelope.TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Authenticated(envelope[..headerSize], associatedData));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new FieldDecryptionException(
                $"The encrypted field (key '{keyId}') failed authentication: it was altered or belongs to other associated data.", exception);
        }

        return plaintext;
    }

    public string DecryptString(byte[] envelope, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(associatedData);
        return Encoding.UTF8.GetString(Decrypt(envelope, Encoding.UTF8.GetBytes(associatedData)));
    }

    /// <summary>The id of the key that sealed <paramref name="envelope"/>, or null when it is not an envelope.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> envelope) =>
        FieldEnvelope.TryReadHeader(envelope, out var keyId, out _) ? keyId : null;

    /// <summary>True when a key-rotation pass should re-encrypt <paramref name="envelope"/> to the active key.</summary>
    public bool NeedsReencryption(ReadOnlySpan<byte> envelope) => KeyIdOf(envelope) != ActiveKeyId;

    private static byte[] Authenticated(ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        var data = new byte[header.Length + associatedData.Length];
        header.CopyTo(data);
        associatedData.CopyTo(data.AsSpan(header.Length));
        return data;
    }
}
