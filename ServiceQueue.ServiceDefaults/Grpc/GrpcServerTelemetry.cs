using System.Diagnostics;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// Adds the OpenTelemetry RPC tags to the server activity ASP.NET Core already started for the request;
/// the transport creates no ActivitySource or Meter of its own.
/// </summary>
internal static class GrpcServerTelemetry
{
    public static void OnStart(string? service, string? method)
    {
        var activity = Activity.Current;
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.system", "grpc");
        if (service is not null)
        {
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", method);
        }
    }

    public static void OnEnd(StatusCode status)
    {
        var activity = Activity.Current;
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)status);
        if (status != StatusCode.OK)
        {
            // The status name, never the message: a handler's detail may carry user data.
            activity.SetStatus(ActivityStatusCode.Error, status.ToString());
        }
    }
}
