using System.Net;
using Microsoft.AspNetCore.Builder;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

/// <summary>What the server answers to requests that break the protocol's rules, sent as raw HTTP.</summary>
public sealed class GrpcWireTests
{
    private const string Say = "/servicequeue.test.v1.Echo/Say";

    [Fact]
    public async Task Successful_unary_response_has_gRPC_headers_one_message_and_status_in_trailers()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, new SayRequest { Text = "hi" });

        using var response = await http.SendAsync(request);
        var (status, body) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StatusCode.OK, status);
        Assert.True(response.TrailingHeaders.Contains("grpc-status"));
        Assert.Equal(RawGrpc.Frame(new SayReply { Text = "hi" }), body);
    }

    [Fact]
    public async Task Error_before_any_message_is_sent_Trailers_Only()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request("/servicequeue.test.v1.Echo/Fail", new FailRequest { Code = 5, Message = "50% off" });

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.Equal("5", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("50%25 off", response.Headers.GetValues("grpc-message").Single());
        Assert.False(response.TrailingHeaders.Contains("grpc-status"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc+json")]
    public async Task Wrong_content_type_answers_415(string contentType)
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, RawGrpc.Frame(new SayRequest()), contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Content_type_application_grpc_proto_is_accepted()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, RawGrpc.Frame(new SayRequest { Text = "proto" }), "application/grpc+proto");

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.OK, status);
    }

    [Fact]
    public async Task GET_on_a_method_answers_405()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, Say) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task Non_gRPC_request_to_an_unknown_path_gets_a_plain_404_not_a_gRPC_status(string method)
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request("/some/page", [], "application/json");
        request.Method = new HttpMethod(method);
        if (method == "GET")
        {
            request.Content = null;
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    [Fact]
    public async Task Application_fallback_still_gets_the_non_gRPC_requests()
    {
        await using var server = await EchoServer.StartAsync(configureApp: app => app.MapFallback(() => "the application's page"));
        var http = server.CreateHttpClient(server.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/some/page") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var grpcRequest = RawGrpc.Request("/some.Service/Method", RawGrpc.Frame(new SayRequest()));

        using var page = await http.SendAsync(request);
        using var grpc = await http.SendAsync(grpcRequest);
        var (status, _) = await RawGrpc.ReadStatusAsync(grpc);

        Assert.Equal("the application's page", await page.Content.ReadAsStringAsync());
        Assert.Equal(StatusCode.Unimplemented, status);
    }

    [Fact]
    public async Task HTTP_1_request_is_refused_with_426_and_a_clear_message()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Http1Address);
        using var request = RawGrpc.Request(Say, RawGrpc.Frame(new SayRequest()), version: HttpVersion.Version11);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Contains("HTTP/2", Uri.UnescapeDataString(response.Headers.GetValues("grpc-message").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_answers_Unimplemented_and_lists_identity()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, new SayRequest(), compressedFlag: true);
        request.Headers.Add("grpc-encoding", "gzip");

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Unimplemented, status);
        Assert.Equal("identity", response.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task Compressed_flag_without_a_negotiated_encoding_answers_Internal()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, new SayRequest { Text = "x" }, compressedFlag: true);

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Internal, status);
    }

    [Fact]
    public async Task Unary_request_without_a_message_answers_Unimplemented()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, []);

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Unimplemented, status);
    }

    [Fact]
    public async Task Unary_request_with_two_messages_answers_Unimplemented()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        var frame = RawGrpc.Frame(new SayRequest { Text = "one" });
        using var request = RawGrpc.Request(Say, [.. frame, .. frame]);

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Unimplemented, status);
    }

    [Fact]
    public async Task Truncated_message_answers_Internal()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        var frame = RawGrpc.Frame(new SayRequest { Text = "truncated" });
        using var request = RawGrpc.Request(Say, frame[..^3]);

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Internal, status);
    }

    [Fact]
    public async Task Message_that_is_not_valid_protobuf_answers_Internal()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]);

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Internal, status);
    }

    [Fact]
    public async Task Oversized_message_is_refused_from_its_header_before_the_body_arrives()
    {
        await using var server = await EchoServer.StartAsync(options => options.MaxReceiveMessageSize = 100);
        var http = server.CreateHttpClient(server.Address);
        // Declares 1 GB but sends only the header: the server must not wait for the body.
        using var request = RawGrpc.Request(Say, [0, 0x40, 0, 0, 0]);

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.ResourceExhausted, status);
    }

    [Fact]
    public async Task Malformed_grpc_timeout_is_ignored()
    {
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Say, new SayRequest { Text = "x" });
        request.Headers.TryAddWithoutValidation("grpc-timeout", "123456789S");

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.OK, status);
    }
}
