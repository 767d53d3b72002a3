using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Api.History;

/// <summary>How the Api follows the Broker's events into service history (<c>History</c>).</summary>
internal sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>Follow the Broker at all; off only for tools and tests that must not write history.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>history_cursor.follower</c> row: replicas sharing a name share one cursor, and so write each event once.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string FollowerName { get; set; } = "history";

    /// <summary>Events written in one MySQL transaction, at most.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream silent this long (the Broker sends heartbeats every 15 s) is presumed dead and reopened.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
