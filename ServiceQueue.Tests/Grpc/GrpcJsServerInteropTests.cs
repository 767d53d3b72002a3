using Google.Protobuf;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

/// <summary>Our client calls grpc-js, a genuine gRPC server.</summary>
public sealed class GrpcJsServerInteropTests
{
    [Fact]
    public async Task Our_unary_call_with_metadata_gets_the_grpc_js_reply()
    {
        await using var server = await GrpcJsPeer.StartServerAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new GrpcClient(http);
        var headers = new GrpcMetadata { { "x-echo", "from .NET" }, { "x-echo-bin", [0, 1, 2, 255] } };

        var reply = await client.UnaryAsync<SayRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Say",
            new SayRequest { Text = "olá from .NET", Payload = ByteString.CopyFrom(new byte[321]) },
            new GrpcCallOptions { Headers = headers });

        Assert.Equal("olá from .NET", reply.Text);
        Assert.Equal(321, reply.PayloadLength);
        Assert.Equal("from .NET", reply.EchoHeader);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, reply.EchoBinaryHeader.ToByteArray());
    }

    [Fact]
    public async Task Our_stream_receives_every_grpc_js_message_in_order()
    {
        await using var server = await GrpcJsPeer.StartServerAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new GrpcClient(http);

        var numbers = new List<int>();
        await foreach (var reply in client.ServerStreamingAsync<CountRequest, CountReply>("/servicequeue.test.v1.Echo/Count", new CountRequest { Count = 500 }))
        {
            numbers.Add(reply.Number);
        }

        Assert.Equal(Enumerable.Range(1, 500), numbers);
    }

    [Fact]
    public async Task Our_client_reads_the_grpc_js_error_status_message_and_trailer()
    {
        await using var server = await GrpcJsPeer.StartServerAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new GrpcClient(http);
        const string message = "Fila «GEN» está cheia — 100% ✓";

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FailRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Fail", new FailRequest { Code = (int)StatusCode.NotFound, Message = message }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(message, error.Detail);
        Assert.Equal("from grpc-js", error.Trailers.GetValue("x-reason"));
    }

    [Fact]
    public async Task Our_deadline_ends_a_grpc_js_call_with_DeadlineExceeded()
    {
        await using var server = await GrpcJsPeer.StartServerAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new GrpcClient(http);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<WaitRequest, SayReply>(
            "/servicequeue.test.v1.Echo/Wait", new WaitRequest(), new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(500) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task GrpcJs_server_enforces_our_grpc_timeout_header()
    {
        // Raw request with a short grpc-timeout and no local deadline: the status comes from grpc-js.
        await using var server = await GrpcJsPeer.StartServerAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        using var request = RawGrpc.Request("/servicequeue.test.v1.Echo/Wait", new WaitRequest());
        request.Headers.Add("grpc-timeout", "300m");

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.DeadlineExceeded, status);
    }

    [Fact]
    public async Task Our_client_gets_Unimplemented_from_grpc_js_for_a_method_it_does_not_serve()
    {
        await using var server = await GrpcJsPeer.StartServerAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new GrpcClient(http);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>("/servicequeue.test.v1.Echo/Unmapped", new SayRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
