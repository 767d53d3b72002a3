using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

internal static class GrpcClientTestExtensions
{
    /// <summary>
    /// One call first, so the connection is open and the server's code is compiled before a test that
    /// depends on the handler starting well within a short deadline.
    /// </summary>
    public static Task<SayReply> WarmUpAsync(this GrpcClient client) =>
        client.UnaryAsync<SayRequest, SayReply>("/servicequeue.test.v1.Echo/Say", new SayRequest { Text = "warm-up" });
}
