namespace ServiceQueue.Api.Storage;

/// <summary>DATETIME(6) columns hold UTC; the driver hands them back without a kind.</summary>
internal static class Utc
{
    public static DateTimeOffset From(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? From(DateTime? value) => value is { } v ? From(v) : null;
}
