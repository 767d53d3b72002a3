namespace ServiceQueue.Tests.Infrastructure;

/// <summary>Polling for a state another process reaches in its own time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads until <paramref name="done"/> holds or <paramref name="within"/> passes, and returns the last
    /// value read: the caller asserts on it, so a failure shows what was seen instead of a bare timeout.
    /// </summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var until = DateTime.UtcNow + within;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(Interval, cancellationToken);
            value = await read();
        }

        return value;
    }
}
