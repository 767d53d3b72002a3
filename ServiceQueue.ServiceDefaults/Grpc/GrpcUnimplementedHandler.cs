using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Answers UNIMPLEMENTED for descriptor methods left unmapped and for unknown gRPC paths.</summary>
internal static class GrpcUnimplementedHandler
{
    public static RequestDelegate ForMethod(MethodDescriptor method) =>
        httpContext =>
        {
            GrpcServerTelemetry.OnStart(method.Service.FullName, method.Name);
            return Answer(httpContext, "Method is unimplemented.");
        };

    /// <summary>
    /// The low-order route: reached by gRPC requests to unknown paths, and by non-POST requests to a
    /// mapped method's path (the method's own endpoint accepts only POST).
    /// </summary>
    public static Task ForUnknownPath(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            httpContext.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            httpContext.Response.Headers.Allow = HttpMethods.Post;
            return Task.CompletedTask;
        }

        // Only rpc.system: the client chose this path, and tags must not take unbounded values.
        GrpcServerTelemetry.OnStart(service: null, method: null);
        return Answer(httpContext, "Service is unimplemented.");
    }

    private static Task Answer(HttpContext httpContext, string detail)
    {
        if (!GrpcServerResponse.TryAccept(httpContext))
        {
            GrpcServerTelemetry.OnEnd(StatusCode.Internal);
            return Task.CompletedTask;
        }

        GrpcServerTelemetry.OnEnd(StatusCode.Unimplemented);
        GrpcServerResponse.WriteStatus(httpContext, responseStarted: false, StatusCode.Unimplemented, detail, metadata: null);
        return Task.CompletedTask;
    }
}
