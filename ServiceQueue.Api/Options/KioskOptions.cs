using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Api.Options;

/// <summary>Kiosk devices: how long a tap waits for its ticket, the per-device rate limit, the device-token cache (<c>Kiosk</c>).</summary>
internal sealed class KioskOptions
{
    public const string SectionName = "Kiosk";

    /// <summary>How long POST /kiosk/tickets waits for the ticket to exist before answering 202 pending.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan IssueWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause between two looks for the ticket (the first pauses are shorter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan IssuePollMaxInterval { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Requests one device may send at once (the bucket's size), over every kiosk route.</summary>
    [Range(1, 10_000)]
    public int BurstPerDevice { get; set; } = 10;

    /// <summary>Requests one device regains per <see cref="RefillPeriod"/>: its steady rate.</summary>
    [Range(1, 10_000)]
    public int RefillPerDevice { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RefillPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a device token's lookup is reused on this instance; a revocation elsewhere takes effect within it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan TokenCacheTime { get; set; } = TimeSpan.FromSeconds(1);
}
