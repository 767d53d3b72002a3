using Microsoft.Extensions.Logging;

namespace ServiceQueue.ServiceDefaults.Grpc;

internal static partial class GrpcServerLog
{
    public const string Category = "ServiceQueue.ServiceDefaults.Grpc.Server";

    [LoggerMessage(1, LogLevel.Error, "gRPC handler for {Method} failed with an unexpected exception; the client gets INTERNAL")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "gRPC call {Method} ended because the client cancelled or disconnected")]
    public static partial void ClientDisconnected(ILogger logger, string method);

    [LoggerMessage(3, LogLevel.Debug, "gRPC call {Method} exceeded its deadline")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "gRPC call {Method} sent an invalid grpc-timeout header; it is ignored")]
    public static partial void InvalidTimeoutIgnored(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "gRPC call {Method} ended with status {StatusCode}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode);
}
