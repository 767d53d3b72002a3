using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Api.Options;

/// <summary>Intake, its per-address rate limits, and Broker synchronisation settings (<c>Intake</c>).</summary>
internal sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>How long a POST /service-requests waits for RabbitMQ's confirm before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Confirmed channels intake publishes on, round robin; each lets the client keep up to 128 confirms outstanding.</summary>
    [Range(1, 64)]
    public int PublishChannels { get; set; } = 4;

    /// <summary>The Retry-After of a 503 from intake: when a client should ask again about, or resend, its request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the queue definitions in MySQL are compared with the Broker's and pushed where they differ.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between two attempts while the Broker or RabbitMQ does not answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    // Submissions and status reads have buckets of their own: one submission is followed by many polls, and
    // behind office Wi-Fi or a carrier's NAT many followers share an address; their polling must never
    // spend a kiosk's submissions. Reads cost a MySQL lookup and a Broker read, so their budget is larger.

    /// <summary>POST /service-requests one client address may send at once (the bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int SubmitBurstPerAddress { get; set; } = 100;

    /// <summary>POST /service-requests one client address regains per <see cref="RateLimitRefillPeriod"/>: its steady rate.</summary>
    [Range(1, 1_000_000)]
    public int SubmitRefillPerAddress { get; set; } = 20;

    /// <summary>GET /service-requests/{id} one client address may send at once.</summary>
    [Range(1, 1_000_000)]
    public int StatusBurstPerAddress { get; set; } = 200;

    /// <summary>GET /service-requests/{id} one client address regains per <see cref="RateLimitRefillPeriod"/>: a page polling every 5 s, 250 of them.</summary>
    [Range(1, 1_000_000)]
    public int StatusRefillPerAddress { get; set; } = 50;

    /// <summary>How often both intake buckets are refilled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RateLimitRefillPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
