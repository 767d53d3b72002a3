using System.Security.Cryptography;

namespace ServiceQueue.Tests.Security;

/// <summary>Fresh random keys in the base64 form configuration carries.</summary>
internal static class TestKeys
{
    public static string New(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The <c>Security</c> section a service under test starts with: its own signing, encryption and blind-index keys.</summary>
    public static Dictionary<string, string?> SecuritySettings() => new(StringComparer.Ordinal)
    {
        ["Security:Jwt:SigningKey"] = New(),
        ["Security:Jwt:Issuer"] = "servicequeue-tests",
        ["Security:Jwt:Audience"] = "servicequeue-tests",
        ["Security:Encryption:ActiveKeyId"] = "k1",
        ["Security:Encryption:Keys:k1"] = New(),
        ["Security:Encryption:BlindIndexKey"] = New(),
    };
}
