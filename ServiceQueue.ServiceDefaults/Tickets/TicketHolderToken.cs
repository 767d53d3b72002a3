using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.ServiceDefaults.Tickets;

/// <summary>
/// The secret in a ticket page's address (<c>/t/&lt;token&gt;</c>): 32 random bytes as unpadded base64url (43 characters,
/// 256 bits), so it can be neither guessed nor derived from anything a ticket shows (its number, request id or sequence).
/// Only its SHA-256 (<see cref="Hash"/>, 64 lowercase hex digits) travels with the request and is kept by the Broker,
/// and only while the ticket is open: whoever reads Redis or the intake queue cannot follow or cancel a ticket.
/// </summary>
public static class TicketHolderToken
{
    public const int RandomBytes = 32;

    /// <summary>The length of a token: 32 bytes in unpadded base64url.</summary>
    public const int Length = 43;

    /// <summary>The length of <see cref="Hash"/>: SHA-256 in hex.</summary>
    public const int HashLength = 64;

    /// <summary>A new token from the operating system's cryptographic generator.</summary>
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>True for exactly 43 characters of the base64url alphabet whose last one carries no stray bits (what <see cref="Create"/> makes).</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? token)
    {
        if (token is not { Length: Length })
        {
            return false;
        }

        foreach (var c in token)
        {
            if (AlphabetIndex(c) < 0)
            {
                return false;
            }
        }

        // 43 characters hold 258 bits: the last character's two low bits are always zero for 32 bytes.
        return AlphabetIndex(token[^1]) % 4 == 0;
    }

    /// <summary>The SHA-256 of the token's ASCII text, as 64 lowercase hex digits: what the Broker keys the ticket by.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
    }

    /// <summary>True for 64 lowercase hex digits, the shape of <see cref="Hash"/>.</summary>
    public static bool IsHash([NotNullWhen(true)] string? value) =>
        value is { Length: HashLength } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    // The position of c in the base64url alphabet (A-Z a-z 0-9 - _), or -1.
    private static int AlphabetIndex(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
