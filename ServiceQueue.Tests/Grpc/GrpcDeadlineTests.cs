using Microsoft.Extensions.Logging;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcDeadlineTests
{
    private const string Wait = "/servicequeue.test.v1.Echo/Wait";

    [Fact]
    public async Task Unary_call_with_expired_deadline_fails_with_DeadlineExceeded_and_cancels_the_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        await client.WarmUpAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<WaitRequest, SayReply>(
            Wait, new WaitRequest(), new GrpcCallOptions { Timeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(Wait, await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Server_answers_DeadlineExceeded_from_grpc_timeout_even_when_the_client_waits_longer()
    {
        // Raw HTTP/2 with a short grpc-timeout and no local deadline: the status must come from the server.
        await using var server = await EchoServer.StartAsync();
        var http = server.CreateHttpClient(server.Address);
        using var request = RawGrpc.Request(Wait, new WaitRequest());
        request.Headers.Add("grpc-timeout", "200m");

        using var response = await http.SendAsync(request);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.DeadlineExceeded, status);
        Assert.Equal(Wait, await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Server_answers_DeadlineExceeded_at_the_deadline_even_when_the_handler_ignores_its_token()
    {
        await using var server = await EchoServer.StartAsync();
        try
        {
            var http = server.CreateHttpClient(server.Address);
            using var request = RawGrpc.Request(Wait, new WaitRequest { IgnoreCancellation = true });
            request.Headers.Add("grpc-timeout", "200m");

            // The handler is blocked until the test releases it, so only the deadline can answer.
            using var response = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
            var (status, body) = await RawGrpc.ReadStatusAsync(response);

            Assert.Equal(StatusCode.DeadlineExceeded, status);
            Assert.Empty(body);
        }
        finally
        {
            server.Probe.Release.TrySetResult();
        }
    }

    [Fact]
    public async Task Handler_sees_the_deadline_the_client_set()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        var deadline = DateTime.UtcNow.AddMinutes(5);

        await client.UnaryAsync<WaitRequest, SayReply>(Wait, new WaitRequest { WaitMs = 1 }, new GrpcCallOptions { Deadline = deadline });

        var seen = Assert.NotNull(server.Probe.LastDeadline);
        Assert.Equal(DateTimeKind.Utc, seen.Kind);
        Assert.InRange(seen, deadline.AddSeconds(-30), deadline.AddSeconds(30));
    }

    [Fact]
    public async Task Call_whose_deadline_already_passed_fails_without_reaching_the_server()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<WaitRequest, SayReply>(
            Wait, new WaitRequest { WaitMs = 1 }, new GrpcCallOptions { Deadline = DateTime.UtcNow.AddSeconds(-1) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.False(server.Probe.HandlerCancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_a_unary_call_throws_OperationCanceled_and_cancels_the_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        using var cancellation = new CancellationTokenSource();

        var call = client.UnaryAsync<WaitRequest, SayReply>(Wait, new WaitRequest(), cancellationToken: cancellation.Token);
        await server.Probe.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(Wait, await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level > LogLevel.Information);
    }
}
