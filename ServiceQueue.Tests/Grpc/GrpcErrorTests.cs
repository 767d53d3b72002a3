using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcErrorTests
{
    private const string Say = "/servicequeue.test.v1.Echo/Say";
    private const string Fail = "/servicequeue.test.v1.Echo/Fail";

    [Fact]
    public async Task Error_status_and_non_ASCII_message_round_trip_through_percent_encoding()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        const string message = "Fila «GEN» está cheia — 満員 100% ✓\tfim";

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FailRequest, SayReply>(
            Fail, new FailRequest { Code = (int)StatusCode.FailedPrecondition, Message = message }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(message, error.Detail);
        Assert.Equal("test", error.Trailers.GetValue("x-reason"));
    }

    [Fact]
    public async Task Unexpected_exception_answers_Internal_without_the_exception_text_and_is_logged()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<FailRequest, SayReply>(
            Fail, new FailRequest { ThrowUnexpected = true, Message = "secret connection string" }));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("secret", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", error.Detail, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException { Message: "secret connection string" });
    }

    [Fact]
    public async Task Unmapped_method_of_a_mapped_service_answers_Unimplemented()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>("/servicequeue.test.v1.Echo/Unmapped", new SayRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Theory]
    [InlineData("/servicequeue.test.v1.Echo/NoSuchMethod")]
    [InlineData("/servicequeue.test.v1.NoSuchService/Say")]
    public async Task Unknown_method_answers_Unimplemented(string path)
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>(path, new SayRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Request_larger_than_the_server_limit_fails_with_ResourceExhausted()
    {
        await using var server = await EchoServer.StartAsync(options => options.MaxReceiveMessageSize = 1024);
        var client = server.CreateClient();

        var small = await client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[1000]) });
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>(
            Say, new SayRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[2000]) }));

        Assert.Equal(1000, small.PayloadLength);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Response_larger_than_the_client_limit_fails_with_ResourceExhausted()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient(new GrpcClientOptions { MaxReceiveMessageSize = 1024 });

        await client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest { ReplyPadding = 900 });
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest { ReplyPadding = 2000 }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Call_to_a_port_nobody_listens_on_fails_with_Unavailable()
    {
        // A bound but not listening socket keeps the port ours and refuses connections.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}") };
        var client = new GrpcClient(http);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>(Say, new SayRequest()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Theory]
    [InlineData("/no/such/route", StatusCode.Unimplemented)]
    [InlineData("/test.Plain/Status401", StatusCode.Unauthenticated)]
    [InlineData("/test.Plain/Status403", StatusCode.PermissionDenied)]
    [InlineData("/test.Plain/Status503", StatusCode.Unavailable)]
    [InlineData("/test.Plain/Status500", StatusCode.Unknown)]
    public async Task Response_without_grpc_status_maps_from_the_HTTP_status(string path, StatusCode expected)
    {
        await using var server = await EchoServer.StartAsync(configureApp: app =>
        {
            foreach (var status in new[] { 401, 403, 503, 500 })
            {
                app.MapPost($"/test.Plain/Status{status}", (HttpContext context) => context.Response.StatusCode = status);
            }
        });
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<SayRequest, SayReply>(path, new SayRequest()));

        Assert.Equal(expected, error.StatusCode);
    }
}
