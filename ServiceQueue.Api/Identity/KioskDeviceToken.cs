using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using ServiceQueue.ServiceDefaults.Tickets;

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

    // The part after the prefix is the same 256-bit secret shape as a ticket page's token: one generator, one check.
    public static string Create() => Prefix + TicketHolderToken.Create();

    /// <summary>True for what <see cref="Create"/> makes: the prefix, then exactly 32 bytes in canonical unpadded base64url.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? token) =>
        token is { Length: Length } && token.StartsWith(Prefix, StringComparison.Ordinal) && TicketHolderToken.IsWellFormed(token[Prefix.Length..]);

    /// <summary>The SHA-256 of the token's ASCII text: what <c>kiosk_devices.token_hash</c> holds.</summary>
    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.ASCII.GetBytes(token));
    }
}
