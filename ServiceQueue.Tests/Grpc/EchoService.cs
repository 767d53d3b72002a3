using Google.Protobuf;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ServiceQueue.Tests.Grpc;

/// <summary>The test service (interop_test.proto) served by our transport.</summary>
internal static class EchoService
{
    public static readonly ServiceDescriptor Descriptor = InteropTestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Echo");

    public static GrpcServiceEndpointBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var echo = endpoints.MapGrpcService(Descriptor);
        echo.MapUnary<SayRequest, SayReply>("Say", Say);
        echo.MapServerStreaming<CountRequest, CountReply>("Count", CountAsync);
        echo.MapUnary<FailRequest, SayReply>("Fail", Fail);
        echo.MapUnary<WaitRequest, SayReply>("Wait", WaitAsync);
        echo.MapUnary<FlakyRequest, SayReply>("Flaky", Flaky);
        return echo;
    }

    private static Task<SayReply> Say(SayRequest request, GrpcCallContext context) =>
        Task.FromResult(new SayReply
        {
            Text = request.Text,
            PayloadLength = request.Payload.Length,
            EchoHeader = context.RequestHeaders.GetValue(request.EchoTraceparent ? "traceparent" : "x-echo") ?? string.Empty,
            EchoBinaryHeader = ByteString.CopyFrom(context.RequestHeaders.GetValueBytes("x-echo-bin") ?? []),
            Padding = ByteString.CopyFrom(new byte[request.ReplyPadding]),
        });

    private static async Task CountAsync(CountRequest request, IGrpcStreamWriter<CountReply> writer, GrpcCallContext context)
    {
        try
        {
            for (var number = 1; number <= request.Count; number++)
            {
                await writer.WriteAsync(new CountReply { Number = number }, context.CancellationToken);
                if (request.DelayMs > 0)
                {
                    await Task.Delay(request.DelayMs, context.CancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            context.RequestServices.GetRequiredService<EchoProbe>().HandlerCancelled.TrySetResult(context.Method);
            throw;
        }
    }

    private static Task<SayReply> Fail(FailRequest request, GrpcCallContext context)
    {
        if (request.ThrowUnexpected)
        {
            throw new InvalidOperationException(request.Message);
        }

        var trailers = new GrpcMetadata { { "x-reason", "test" } };
        throw new RpcException((StatusCode)request.Code, request.Message, trailers);
    }

    private static async Task<SayReply> WaitAsync(WaitRequest request, GrpcCallContext context)
    {
        var probe = context.RequestServices.GetRequiredService<EchoProbe>();
        probe.LastDeadline = context.Deadline;
        probe.WaitStarted.TrySetResult();
        if (request.IgnoreCancellation)
        {
            await probe.Release.Task;
            return new SayReply { Text = "too late" };
        }

        try
        {
            await Task.Delay(request.WaitMs > 0 ? request.WaitMs : Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.HandlerCancelled.TrySetResult(context.Method);
            throw;
        }

        return new SayReply { Text = "waited" };
    }

    private static Task<SayReply> Flaky(FlakyRequest request, GrpcCallContext context)
    {
        var calls = context.RequestServices.GetRequiredService<EchoProbe>().FlakyCalls.AddOrUpdate(request.Key, 1, static (_, n) => n + 1);
        return calls <= request.Failures
            ? throw new RpcException(StatusCode.Unavailable, $"Failure {calls} of {request.Failures}.")
            : Task.FromResult(new SayReply { Text = $"succeeded on call {calls}" });
    }
}
