using System.Net;
using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>A Consumer started while RabbitMQ cannot be reached keeps trying instead of failing its start.</summary>
public sealed class IntakeStartupTests
{
    [Fact]
    public async Task A_Consumer_started_while_RabbitMQ_is_unreachable_is_alive_not_ready_and_takes_requests_once_it_is_reachable()
    {
        var servers = await TestServers.GetAsync();
        var amqp = new Uri(await servers.CreateVirtualHostAsync());
        await using var relay = new TcpRelay(amqp.Host, amqp.Port, open: true);
        var throughRelay = new UriBuilder(amqp) { Port = relay.Port }.Uri.ToString();
        await using var rig = await StartAsync(new Dictionary<string, string> { ["ConnectionStrings__rabbitmq"] = throughRelay }, amqpUri: amqp.ToString());
        await rig.UpsertQueueAsync("GEN");
        await rig.KillConsumerAsync();
        relay.IsOpen = false;

        rig.LaunchConsumer();
        using var http = new HttpClient { BaseAddress = rig.ConsumerHttp, Timeout = TimeSpan.FromSeconds(10) };
        var alive = await Eventually.ReadAsync(() => StatusOfAsync(http, "/alive"), status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        // Several connection attempts fail meanwhile; the process must outlive them all.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var whileUnreachable = await StatusOfAsync(http, "/health");
        var stillRunning = rig.ConsumerIsRunning;

        relay.IsOpen = true;
        await rig.WaitConsumerHealthyAsync();
        await rig.PublishAsync(Request("late-1"));
        var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync("late-1"), found => found is not null, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, alive);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileUnreachable);
        Assert.True(stillRunning, rig.Output);
        Assert.NotNull(ticket);
    }

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
