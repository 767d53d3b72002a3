using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>
/// HMAC-SHA256 of a normalised value: equal values find each other (uniqueness, lookups) without the
/// value being stored in clear. The kind is part of the MAC input, so an e-mail never matches a phone.
/// </summary>
public sealed class BlindIndex(IOptions<EncryptionOptions> options)
{
    public const int Size = 32;

    private readonly byte[] _key = Convert.FromBase64String(options.Value.BlindIndexKey.Trim());

    public byte[] Compute(BlindIndexKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var input = Encoding.UTF8.GetBytes($"{kind.ToString().ToLowerInvariant()}\0{Normalize(kind, value)}");
        return HMACSHA256.HashData(_key, input);
    }

    public static string Normalize(BlindIndexKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim().Normalize(NormalizationForm.FormKC);
        return kind switch
        {
            BlindIndexKind.Email => text.ToLowerInvariant(),
            BlindIndexKind.Phone => string.Concat(text.Where(char.IsAsciiDigit)),
            BlindIndexKind.Document => string.Concat(text.Where(char.IsLetterOrDigit)).ToUpperInvariant(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
