using System.Security.Cryptography;

namespace ServiceQueue.Tests.Security;

/// <summary>Fresh random keys in the base64 form configuration carries.</summary>
internal static class TestKeys
{
    public static string New(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
}
