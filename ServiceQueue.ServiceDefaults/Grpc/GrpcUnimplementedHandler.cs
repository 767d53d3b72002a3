using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>Answers UNIMPLEMENTED for descriptor methods left unmapped and for unknown gRPC paths.</summary>
internal static class GrpcUnimplementedHandler
{
    public static RequestDelegate ForMethod(MethodDescriptor method) =>
        httpContext => Answer(httpContext, method.Service.FullName, method.Name, "Method is unimplemented.");

    public static Task ForUnknownPath(HttpContext httpContext)
    {
        var service = httpContext.Request.RouteValues["service"] as string ?? string.Empty;
        var method = httpContext.Request.RouteValues["method"] as string ?? string.Empty;
        return Answer(httpContext, service, method, "Service is unimplemented.");
    }

    private static Task Answer(HttpContext httpContext, string service, string method, string detail)
    {
        GrpcServerTelemetry.OnStart(service, method);
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
