using System.Security.Cryptography;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>Generated credentials: letters and digits only, so they need no escaping in any connection string.</summary>
public static class Secrets
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Password(int length = 32) => RandomNumberGenerator.GetString(Alphabet, length);

    public static string Base64Key(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
}
