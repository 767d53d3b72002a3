using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Tests.Grpc;

/// <summary>grpc-js, a genuine gRPC client, calls our server.</summary>
public sealed class GrpcJsClientInteropTests
{
    [Fact]
    public async Task GrpcJs_unary_call_with_metadata_gets_our_reply()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "unary");

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal("olá from grpc-js", result.GetProperty("text").GetString());
        Assert.Equal(100, result.GetProperty("payloadLength").GetInt32());
        Assert.Equal("from grpc-js", result.GetProperty("echoHeader").GetString());
        Assert.Equal([0, 1, 2, 255], result.GetProperty("echoBinaryHeader").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task GrpcJs_server_stream_receives_every_message_then_OK()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "stream");

        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal(Enumerable.Range(1, 2000), result.GetProperty("numbers").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task GrpcJs_cancelling_a_stream_cancels_our_handler()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "cancel");

        Assert.Equal((int)StatusCode.Cancelled, result.GetProperty("code").GetInt32());
        Assert.Equal([1, 2, 3], result.GetProperty("numbers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("/servicequeue.test.v1.Echo/Count", await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task GrpcJs_deadline_is_honoured_as_DeadlineExceeded_and_cancels_our_handler()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "deadline");

        Assert.Equal((int)StatusCode.DeadlineExceeded, result.GetProperty("code").GetInt32());
        Assert.Equal("/servicequeue.test.v1.Echo/Wait", await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotNull(server.Probe.LastDeadline);
    }

    [Fact]
    public async Task GrpcJs_receives_our_error_status_message_and_trailer()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "error");

        Assert.Equal((int)StatusCode.FailedPrecondition, result.GetProperty("code").GetInt32());
        Assert.Equal("Fila «GEN» está cheia — 100%", result.GetProperty("details").GetString());
        Assert.Equal("test", result.GetProperty("trailer").GetString());
    }

    [Fact]
    public async Task GrpcJs_gets_Internal_without_details_for_an_unexpected_exception()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "unexpected");

        Assert.Equal((int)StatusCode.Internal, result.GetProperty("code").GetInt32());
        Assert.DoesNotContain("secret", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcJs_gets_Unimplemented_for_an_unmapped_method()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "unimplemented");

        Assert.Equal((int)StatusCode.Unimplemented, result.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task GrpcJs_health_check_sees_Serving_and_NotFound_for_an_unknown_service()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await GrpcJsPeer.RunClientAsync(server.Address, "health");

        Assert.Equal("SERVING", result.GetProperty("status").GetString());
        Assert.Equal((int)StatusCode.NotFound, result.GetProperty("unknownCode").GetInt32());
    }
}
