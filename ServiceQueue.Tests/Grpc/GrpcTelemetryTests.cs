using System.Diagnostics;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcTelemetryTests
{
    [Theory]
    [InlineData(StatusCode.OK)]
    [InlineData(StatusCode.NotFound)]
    public async Task Server_activity_carries_the_rpc_tags_and_the_status(StatusCode status)
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        using var source = new ActivitySource($"ServiceQueue.Tests.Grpc.Telemetry.{Guid.NewGuid():N}");
        var serverActivity = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        ActivityTraceId traceId = default;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore" || s == source,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Kind == ActivityKind.Server && activity.TraceId == traceId)
                {
                    serverActivity.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using (var caller = source.StartActivity("caller", ActivityKind.Client)!)
        {
            traceId = caller.TraceId;
            if (status == StatusCode.OK)
            {
                await client.UnaryAsync<SayRequest, SayReply>("/servicequeue.test.v1.Echo/Say", new SayRequest());
            }
            else
            {
                await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FailRequest, SayReply>(
                    "/servicequeue.test.v1.Echo/Fail", new FailRequest { Code = (int)status, Message = "m" }));
            }
        }

        var activity = await serverActivity.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("grpc", activity.GetTagItem("rpc.system"));
        Assert.Equal("servicequeue.test.v1.Echo", activity.GetTagItem("rpc.service"));
        Assert.Equal(status == StatusCode.OK ? "Say" : "Fail", activity.GetTagItem("rpc.method"));
        Assert.Equal((int)status, activity.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(status == StatusCode.OK ? ActivityStatusCode.Unset : ActivityStatusCode.Error, activity.Status);
    }
}
