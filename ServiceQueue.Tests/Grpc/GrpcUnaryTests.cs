using System.Text;
using Google.Protobuf;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcUnaryTests
{
    private const string Say = "/servicequeue.test.v1.Echo/Say";

    [Fact]
    public async Task Unary_call_returns_the_handler_response()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var reply = await client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest { Text = "olá", Payload = ByteString.CopyFrom(new byte[1000]) });

        Assert.Equal("olá", reply.Text);
        Assert.Equal(1000, reply.PayloadLength);
    }

    [Fact]
    public async Task Unary_call_by_method_descriptor_reaches_the_same_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var reply = await client.UnaryAsync<SayRequest, SayReply>(EchoService.Descriptor.FindMethodByName("Say"), new SayRequest { Text = "by descriptor" });

        Assert.Equal("by descriptor", reply.Text);
    }

    [Fact]
    public async Task Unary_call_with_an_empty_request_message_works()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var reply = await client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest());

        Assert.Equal(string.Empty, reply.Text);
    }

    [Fact]
    public async Task Text_and_binary_metadata_reach_the_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        var binary = Encoding.UTF8.GetBytes("bytes \0 with nul and é");
        var headers = new GrpcMetadata { { "x-echo", "plain text" }, { "x-echo-bin", binary } };

        var reply = await client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest(), new GrpcCallOptions { Headers = headers });

        Assert.Equal("plain text", reply.EchoHeader);
        Assert.Equal(binary, reply.EchoBinaryHeader.ToByteArray());
    }

    [Fact]
    public async Task Many_concurrent_unary_calls_all_succeed()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var replies = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest { Text = $"call {i}" })));

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"call {i}"), replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Idempotent_call_is_retried_on_Unavailable_until_it_succeeds()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient(new GrpcClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var reply = await client.UnaryAsync<FlakyRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Flaky",
            new FlakyRequest { Key = "k", Failures = 2 },
            new GrpcCallOptions { IsIdempotent = true });

        Assert.Equal("succeeded on call 3", reply.Text);
    }

    [Fact]
    public async Task Call_not_marked_idempotent_is_not_retried()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient(new GrpcClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FlakyRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Flaky", new FlakyRequest { Key = "k", Failures = 1 }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, server.Probe.FlakyCalls["k"]);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient(new GrpcClientOptions { MaxRetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FlakyRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Flaky", new FlakyRequest { Key = "k", Failures = 10 }, new GrpcCallOptions { IsIdempotent = true }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(3, server.Probe.FlakyCalls["k"]);
    }

    [Fact]
    public async Task Retries_end_at_the_call_deadline_with_DeadlineExceeded()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient(new GrpcClientOptions { MaxRetryAttempts = 10, RetryBaseDelay = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FlakyRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Flaky",
            new FlakyRequest { Key = "k", Failures = 100 },
            new GrpcCallOptions { IsIdempotent = true, Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(server.Probe.FlakyCalls["k"], 1, 10);
    }
}
