using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Realtime.Options;

/// <summary>How Realtime follows the Broker and feeds its clients (section <c>Realtime</c>).</summary>
internal sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>At most this many recent events (of every queue together) are kept for the snapshot handoff.</summary>
    [Range(100, 1_000_000)]
    public int RecentEvents { get; set; } = 10_000;

    /// <summary>A recent event older than this is dropped: a snapshot is only ever a moment behind the fan-out.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan RecentEventsMaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Events waiting for one connection; beyond this it is told to resync instead of being queued further.</summary>
    [Range(10, 100_000)]
    public int ConnectionBacklog { get; set; } = 1_000;

    /// <summary>How long <c>Subscribe</c> waits for the fan-out to reach its snapshot's cursor.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One Broker call made on behalf of a hub caller.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan BrokerDeadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts to reopen the Broker's event stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A stream silent this long (the Broker sends heartbeats) is taken for dead and reopened.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Connections one client address may open to the public ticket hub per minute (its negotiations).</summary>
    [Range(1, 100_000)]
    public int TicketConnectionsPerMinute { get; set; } = 30;

    /// <summary>Method calls one ticket hub connection may make per minute: a holder follows one ticket, not a catalogue.</summary>
    [Range(1, 10_000)]
    public int TicketCallsPerMinute { get; set; } = 30;

    /// <summary>Events of a queue within this time refresh its ticket followers once (one Broker lookup each).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan TicketRefreshDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A branch's supervisor pages are told its floor changed at most this often (they then read it again).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FloorPushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
