using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.Api.Identity;

/// <summary>
/// A kiosk's device token: <c>sqk_</c> and 32 random bytes as unpadded base64url (47 characters, 256 bits). The prefix
/// tells it from an access token at a glance (and to secret scanners); MySQL keeps only its SHA-256 (<see cref="Hash"/>).
/// </summary>
internal static class KioskDeviceToken
{
    public const string Prefix = "sqk_";
    public const int RandomBytes = 32;

    /// <summary>The prefix and 43 characters of base64url.</summary>
    public const int Length = 47;

    public static string Create() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>True for what <see cref="Create"/> makes: the prefix, then exactly 32 bytes in canonical unpadded base64url.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? token)
    {
        if (token is not { Length: Length } || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = token.AsSpan(Prefix.Length);
        // Checked first: the decoder throws, rather than answering false, on some characters outside the alphabet ('=').
        foreach (var c in body)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        Span<byte> bytes = stackalloc byte[RandomBytes];
        return Base64Url.TryDecodeFromChars(body, bytes, out var written) && written == RandomBytes
            && body.SequenceEqual(Base64Url.EncodeToString(bytes));
    }

    /// <summary>The SHA-256 of the token's ASCII text: what <c>kiosk_devices.token_hash</c> holds.</summary>
    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.ASCII.GetBytes(token));
    }
}
