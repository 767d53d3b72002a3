using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Broker.Options;

/// <summary>The Broker's settings, section <c>Broker</c>; validated at start (see <see cref="BrokerOptionsValidator"/>).</summary>
internal sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>Every Redis key (and the doorbell channel) starts with this, so deployments and tests can share a server.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$")]
    public string KeyPrefix { get; set; } = "sq:";

    /// <summary>About how many events the stream keeps (XADD MAXLEN ~); older cursors answer OUT_OF_RANGE.</summary>
    [Range(1, 100_000_000)]
    public int EventRetention { get; set; } = 100_000;

    /// <summary>Events a Watch subscriber may fall behind before its stream ends with RESOURCE_EXHAUSTED.</summary>
    [Range(1, 1_000_000)]
    public int WatchBufferSize { get; set; } = 4096;

    /// <summary>Events read from Redis per round trip when replaying or following.</summary>
    [Range(1, 10_000)]
    public int ReadPageSize { get; set; } = 500;

    /// <summary>An idle Watch stream sends a heartbeat this often.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The event pump reads the stream at least this often even when no doorbell rang.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one Redis call may take before the caller gets UNAVAILABLE.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Connecting (and reconnecting) to Redis gives up after this.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Assumed service time while a queue has no completed ticket to measure.</summary>
    public TimeSpan DefaultServiceTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An attendant counts as active on a queue for this long after their last action there.</summary>
    public TimeSpan AttendantActiveWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Completed tickets whose service times make up the average.</summary>
    [Range(1, 1000)]
    public int ServiceTimeSamples { get; set; } = 20;

    /// <summary>How long a finished ticket (and its request id) stays for lookups and idempotency.</summary>
    public TimeSpan FinishedTicketRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the alert rules are evaluated (issue 18): the longest an alert may lag its condition.</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromSeconds(5);
}
