using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Defaults of a <see cref="GrpcClient"/>.</summary>
public sealed class GrpcClientOptions
{
    /// <summary>Deadline of a unary call that sets none. Default 30 s; null means none.</summary>
    public TimeSpan? DefaultUnaryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of a streaming call that sets none. Default null: streams may live long.</summary>
    public TimeSpan? DefaultStreamingTimeout { get; set; }

    /// <summary>The largest response message accepted; a larger one fails with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Retries after the first attempt of an idempotent call that fails with UNAVAILABLE.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter, always within the deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
