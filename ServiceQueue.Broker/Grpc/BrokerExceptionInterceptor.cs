using Grpc.Core;
using Grpc.Core.Interceptors;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Grpc;

/// <summary>
/// The one place a <see cref="BrokerException"/> becomes a gRPC status: grpc-message is
/// "&lt;reason&gt;: &lt;detail&gt;", the reason a stable code (the field, for INVALID_ARGUMENT).
/// Any other failure of a handler answers INTERNAL with no exception text, as the Broker always has.
/// </summary>
internal sealed partial class BrokerExceptionInterceptor(ILogger<BrokerExceptionInterceptor> logger) : Interceptor
{
    private const string HandlerFailed = "Exception was thrown by handler.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The status to answer, or null to let Grpc.AspNetCore handle the exception (an RpcException, or the caller gone or out of time).</summary>
    private RpcException? Translate(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case BrokerException broker:
                return new RpcException(new Status(ToStatusCode(broker.Code), broker.Message));
            case RpcException:
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return null;
            default:
                LogHandlerFailed(logger, context.Method, ex);
                return new RpcException(new Status(StatusCode.Internal, HandlerFailed));
        }
    }

    internal static StatusCode ToStatusCode(BrokerErrorCode code) => code switch
    {
        BrokerErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        BrokerErrorCode.NotFound => StatusCode.NotFound,
        BrokerErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        BrokerErrorCode.Unavailable => StatusCode.Unavailable,
        BrokerErrorCode.DeadlineExceeded => StatusCode.DeadlineExceeded,
        BrokerErrorCode.OutOfRange => StatusCode.OutOfRange,
        BrokerErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Internal,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler for {Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string method, Exception exception);
}
