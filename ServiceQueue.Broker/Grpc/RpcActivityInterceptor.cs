using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ServiceQueue.Broker.Grpc;

/// <summary>
/// Tags the server span ASP.NET Core starts with the RPC conventions (<c>rpc.system</c>, <c>rpc.service</c>,
/// <c>rpc.method</c>, <c>rpc.grpc.status_code</c>), as the Broker's spans always carried; a non-OK status
/// marks the span as an error, named by the status, never by its message (which may hold user input).
/// </summary>
internal sealed class RpcActivityInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var activity = Start(context);
        try
        {
            var response = await continuation(request, context);
            Finish(activity, StatusCode.OK);
            return response;
        }
        catch (Exception ex)
        {
            Finish(activity, StatusOf(ex, context));
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var activity = Start(context);
        try
        {
            await continuation(request, responseStream, context);
            Finish(activity, StatusCode.OK);
        }
        catch (Exception ex)
        {
            Finish(activity, StatusOf(ex, context));
            throw;
        }
    }

    private static Activity? Start(ServerCallContext context)
    {
        var activity = Activity.Current;
        if (activity is null)
        {
            return null;
        }

        // The method is "/package.Service/Method"; both parts come from the mapped service, so their values are bounded.
        var method = context.Method.AsSpan().TrimStart('/');
        var slash = method.IndexOf('/');
        activity.SetTag("rpc.system", "grpc");
        if (slash > 0)
        {
            activity.SetTag("rpc.service", method[..slash].ToString());
            activity.SetTag("rpc.method", method[(slash + 1)..].ToString());
        }

        return activity;
    }

    private static void Finish(Activity? activity, StatusCode status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)status);
        if (status != StatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, status.ToString());
        }
    }

    private static StatusCode StatusOf(Exception ex, ServerCallContext context) => ex switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.Deadline <= DateTime.UtcNow => StatusCode.DeadlineExceeded,
        OperationCanceledException => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };
}
