using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Options;

namespace ServiceQueue.Api.Identity;

/// <summary>
/// PBKDF2-HMAC-SHA512 hashes stored as <c>pbkdf2-sha512$iterations$salt$hash</c> (base64), so the
/// parameters travel with each hash and can rise without invalidating old ones.
/// </summary>
internal sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const string Algorithm = "pbkdf2-sha512";
    private const int SaltSize = 16;
    private const int HashSize = 64;

    // Verified against when the account does not exist, so an unknown name costs the same time as a wrong password.
    private readonly Lazy<string> _decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), options.Value.PasswordIterations));

    public string Hash(string password) => Hash(password, options.Value.PasswordIterations);

    public PasswordVerification Verify(string? storedHash, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (storedHash is null)
        {
            _ = Matches(_decoy.Value, password, out _);
            return PasswordVerification.Failed;
        }

        if (!Matches(storedHash, password, out var iterations))
        {
            return PasswordVerification.Failed;
        }

        return iterations < options.Value.PasswordIterations ? PasswordVerification.SucceededRehashNeeded : PasswordVerification.Succeeded;
    }

    private static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    private static bool Matches(string storedHash, string password, out int iterations)
    {
        iterations = 0;
        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations <= 0)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
