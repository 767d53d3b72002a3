namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// A call that ended with a non-OK gRPC status. Handlers throw it to answer with that status;
/// <see cref="GrpcClient"/> throws it when a call fails.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode statusCode, string? detail = null, GrpcMetadata? trailers = null, Exception? innerException = null)
        : base($"Status(StatusCode=\"{statusCode}\", Detail=\"{detail}\")", innerException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        Trailers = trailers ?? [];
    }

    public StatusCode StatusCode { get; }

    /// <summary>The status message (<c>grpc-message</c>), already percent-decoded; empty when none was given.</summary>
    public string Detail { get; }

    /// <summary>Custom trailing metadata sent with (server) or received with (client) the status.</summary>
    public GrpcMetadata Trailers { get; }
}
