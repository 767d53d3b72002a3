namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Per-call settings of a <see cref="GrpcClient"/> call.</summary>
public sealed record GrpcCallOptions
{
    public static readonly GrpcCallOptions Default = new();

    /// <summary>When the call must have finished; wins over <see cref="Timeout"/>. Sent as <c>grpc-timeout</c>.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>How long the call may take, from when it starts. Without either, the client's default applies.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Custom request metadata, sent as headers.</summary>
    public GrpcMetadata? Headers { get; init; }

    /// <summary>
    /// The call may safely run more than once: a unary call is then retried on UNAVAILABLE with jittered
    /// exponential backoff, within its deadline. Streaming calls are never retried.
    /// </summary>
    public bool IsIdempotent { get; init; }
}
