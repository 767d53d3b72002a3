using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Interop;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>The AMQP contract holds for any client: a request published by npm's amqplib is taken like any other.</summary>
public sealed class IntakeInteropTests
{
    [Fact]
    public async Task A_request_published_by_amqplib_becomes_a_ticket()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");

        var (exitCode, _, error) = await NodeScript.RunAsync(
            "amqp-publish.js", "amqplib", TimeSpan.FromSeconds(60), rig.AmqpUri, "from-amqplib", DateTimeOffset.UtcNow.ToString("O"));
        Assert.True(exitCode == 0, error);

        var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync("from-amqplib"), t => t is not null, TimeSpan.FromSeconds(30));
        Assert.NotNull(ticket);
        Assert.Equal("GEN", ticket.Queue);
        Assert.Equal(Channel.Partner, ticket.Channel);
    }
}
