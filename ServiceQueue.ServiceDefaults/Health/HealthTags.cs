namespace ServiceQueue.ServiceDefaults.Health;

/// <summary>Tags that decide which probe runs a health check.</summary>
public static class HealthTags
{
    /// <summary>The process runs: only checks with this tag answer <c>/alive</c>.</summary>
    public const string Live = "live";

    /// <summary>A dependency answers (database, broker, cache): part of <c>/health</c> only.</summary>
    public const string Ready = "ready";
}
