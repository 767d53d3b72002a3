using Microsoft.Extensions.Logging;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcStreamingTests
{
    private const string Count = "/servicequeue.test.v1.Echo/Count";

    [Fact]
    public async Task Server_stream_delivers_every_message_in_order()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var numbers = new List<int>();
        await foreach (var reply in client.ServerStreamingAsync<CountRequest, CountReply>(Count, new CountRequest { Count = 5000 }))
        {
            numbers.Add(reply.Number);
        }

        Assert.Equal(Enumerable.Range(1, 5000), numbers);
    }

    [Fact]
    public async Task Server_stream_with_no_messages_completes_empty()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var count = 0;
        await foreach (var _ in client.ServerStreamingAsync<CountRequest, CountReply>(Count, new CountRequest { Count = 0 }))
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Leaving_a_stream_early_cancels_the_server_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();

        var received = new List<int>();
        await foreach (var reply in client.ServerStreamingAsync<CountRequest, CountReply>(Count, new CountRequest { Count = 1_000_000, DelayMs = 5 }))
        {
            received.Add(reply.Number);
            if (received.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3], received);
        Assert.Equal(Count, await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        // A client going away is ordinary: no warning or error in any log.
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level > LogLevel.Information);
    }

    [Fact]
    public async Task Cancelling_the_token_of_a_stream_throws_OperationCanceled_and_cancels_the_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.ServerStreamingAsync<CountRequest, CountReply>(Count, new CountRequest { Count = 1_000_000, DelayMs = 5 }, cancellationToken: cancellation.Token))
            {
                if (++received == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(Count, await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Stream_past_its_deadline_fails_with_DeadlineExceeded_and_cancels_the_handler()
    {
        await using var server = await EchoServer.StartAsync();
        var client = server.CreateClient();
        await client.WarmUpAsync();

        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in client.ServerStreamingAsync<CountRequest, CountReply>(
                Count, new CountRequest { Count = 1_000_000, DelayMs = 20 }, new GrpcCallOptions { Timeout = TimeSpan.FromSeconds(1) }))
            {
                received++;
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(received < 1_000_000);
        Assert.Equal(Count, await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
