namespace ServiceQueue.Tests.Security;

/// <summary>A clock the test sets: the only fake the style allows.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
