using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Consumer.Options;

/// <summary>The intake's settings, section <c>Intake</c>; validated at start.</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>Unacknowledged deliveries RabbitMQ may hand this Consumer at once (basic.qos).</summary>
    [Range(1, 10_000)]
    public int Prefetch { get; set; } = 200;

    /// <summary>Workers, each settling one batch of deliveries at a time (so at most this many Broker calls at once).</summary>
    [Range(1, 1_000)]
    public int Parallelism { get; set; } = 4;

    /// <summary>Most deliveries one worker settles with one <c>EnqueueBatch</c> call (the Broker takes up to 500).</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How long a worker holding fewer than <see cref="BatchSize"/> deliveries waits for more before it calls the
    /// Broker; zero sends at once whatever is waiting (batches then form only from deliveries that arrived while
    /// the workers were busy).
    /// </summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The intake queue's <c>x-delivery-limit</c>: failed deliveries before a request is dead-lettered.</summary>
    [Range(2, 1_000)]
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>A request older than this (by <c>requestedAt</c>) is rejected as <c>expired</c>.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Largest body accepted; anything bigger is <c>invalid_schema</c> without being parsed.</summary>
    [Range(1_024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Open tickets one customer may hold at once (0 = no limit); sent to the Broker, which counts them atomically.</summary>
    [Range(0, 1_000)]
    public int MaxOpenTicketsPerCustomer { get; set; } = 3;

    /// <summary>Deadline of one <c>EnqueueBatch</c> call.</summary>
    public TimeSpan BrokerDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>First wait before retrying a transient failure; doubles each time up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Local attempts of one delivery before it is returned to the queue (its delivery count then rises).</summary>
    [Range(1, 100)]
    public int LocalAttempts { get; set; } = 5;

    /// <summary>How long queue definitions from <c>ListQueues</c> are trusted without a <c>queue_updated</c> event.</summary>
    public TimeSpan QueueCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, how long deliveries in flight may take before they are returned to the queue.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
}
