using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.Api.Identity;

/// <summary>Refresh tokens are 256 random bits; only their SHA-256 is stored (high entropy needs no slow hash).</summary>
internal static class RefreshTokenValue
{
    public static string Create() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    public static string NewFamily() => Guid.NewGuid().ToString("N");

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
