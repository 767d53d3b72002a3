using System.Text.Json;
using Grpc.Core;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>
/// What issue 17 adds to intake: a kiosk's walk-in may give no name, and a request may carry the hash of its ticket
/// page's token, which the Consumer hands to the Broker; a malformed hash is dead-lettered, never enqueued.
/// </summary>
public sealed class IntakeHolderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_nameless_kiosk_request_with_a_holder_becomes_a_ticket_its_holder_finds_and_a_bad_holder_or_a_nameless_web_request_is_dead_lettered()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");
        var holder = TicketHolderToken.Hash(TicketHolderToken.Create());

        await rig.PublishAsync(WalkIn("walk-in", "kiosk", holder), "walk-in");
        await rig.PublishAsync(WalkIn("bad-holder", "kiosk", holder.ToUpperInvariant()), "bad-holder");
        await rig.PublishAsync(WalkIn("nameless-web", "web", holder: null), "nameless-web");

        var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync("walk-in"), t => t is not null, Bound);
        var found = await rig.Broker.GetTicketAsync(new GetTicketRequest { Holder = holder }, deadline: BrokerCalls.Deadline());
        Assert.Equal(ticket!.Id, found.Ticket.Id);
        Assert.Equal(Channel.Kiosk, found.Ticket.Channel);
        // The envelope is sealed as ever; it holds an empty name.
        Assert.Equal("", rig.OpenCustomer(found.Ticket).Name);

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = await channel.TakeAsync(DeadQueue, 2, Bound);
        Assert.Equal(
            new Dictionary<string, string> { ["bad-holder"] = "invalid_schema", ["nameless-web"] = "invalid_schema" },
            dead.ToDictionary(m => m.BasicProperties.MessageId!, m => Header(m.BasicProperties, "x-servicequeue-reason")));
        Assert.Contains("holder", Header(dead.Single(m => m.BasicProperties.MessageId == "bad-holder").BasicProperties, "x-servicequeue-detail"), StringComparison.Ordinal);
        Assert.Null(await rig.GetTicketAsync("bad-holder"));
        Assert.Null(await rig.GetTicketAsync("nameless-web"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => rig.Broker.GetTicketAsync(new GetTicketRequest { Holder = TicketHolderToken.Hash(TicketHolderToken.Create()) }, deadline: BrokerCalls.Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private static byte[] WalkIn(string requestId, string channel, string? holder) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        requestId,
        queue = "GEN",
        channel,
        priority = "normal",
        requestedAt = DateTimeOffset.UtcNow,
        holder,
    });
}
