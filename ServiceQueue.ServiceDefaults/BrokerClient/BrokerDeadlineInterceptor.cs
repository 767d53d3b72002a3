using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ServiceQueue.ServiceDefaults.BrokerClient;

/// <summary>
/// Gives every unary call that sets no deadline the caller's configured one, so no call can wait forever
/// on a Broker that accepted the connection but does not answer. Streams keep theirs (none: Watch lives long).
/// </summary>
internal sealed class BrokerDeadlineInterceptor(TimeSpan deadline, TimeProvider time) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class =>
        context.Options.Deadline is not null
            ? context
            : new(context.Method, context.Host, context.Options.WithDeadline(time.GetUtcNow().UtcDateTime + deadline));
}
