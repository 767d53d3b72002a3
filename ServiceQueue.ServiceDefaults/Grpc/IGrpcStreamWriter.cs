namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Writes the messages of a server-streaming response.</summary>
public interface IGrpcStreamWriter<in T>
{
    /// <summary>
    /// Sends one message and flushes it to the client. One write at a time; not after the handler returns.
    /// Throws <see cref="OperationCanceledException"/> once the call is cancelled or its deadline passes.
    /// </summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
