namespace ServiceQueue.Tests.Api;

internal static class QueueCodes
{
    /// <summary>A queue code no other test uses: the Broker the Api tests share has one key space.</summary>
    public static string New() => "Q" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
}
