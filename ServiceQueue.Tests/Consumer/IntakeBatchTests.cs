using System.Text;
using RabbitMQ.Client;
using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>The Consumer settles deliveries in batches (one EnqueueBatch each) and still settles each delivery by its own result.</summary>
public sealed class IntakeBatchTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_batch_holding_one_request_the_Broker_refuses_makes_tickets_of_the_others_and_dead_letters_only_that_one_with_its_reason()
    {
        // One worker that waits seconds for a batch to fill, so the six requests below travel together.
        await using var rig = await StartAsync(new Dictionary<string, string>
        {
            ["Intake__MaxOpenTicketsPerCustomer"] = "1",
            ["Intake__Parallelism"] = "1",
            ["Intake__BatchSize"] = "20",
            ["Intake__BatchDelay"] = "00:00:05",
            ["Intake__BrokerDeadline"] = "00:00:10",
        });
        await rig.UpsertQueueAsync("GEN");
        var events = await rig.FollowRejectionsAsync("rejections");
        await rig.PublishAsync(Customer("holder", "DOC-HOLDER"));
        await Eventually.ReadAsync(() => rig.GetTicketAsync("holder"), t => t is not null, Bound);

        // Valid for the Consumer (its queue exists and is open); only the Broker knows the customer already holds a ticket.
        string[] good = ["batch-1", "batch-2", "batch-3", "batch-4", "batch-5"];
        await rig.PublishAsync(Request(good[0]));
        await rig.PublishAsync(Request(good[1]));
        await rig.PublishAsync(Customer("batch-over", "DOC-HOLDER"));
        foreach (var requestId in good[2..])
        {
            await rig.PublishAsync(Request(requestId));
        }

        var tickets = new List<ServiceQueue.Broker.V1.Ticket>();
        foreach (var requestId in good)
        {
            var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync(requestId), t => t is not null, Bound);
            Assert.True(ticket is not null, $"{requestId} got no ticket\n{rig.Output}");
            tickets.Add(ticket);
        }

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = Assert.Single(await channel.TakeAsync(DeadQueue, 1, Bound));
        Assert.Equal("batch-over", dead.BasicProperties.MessageId);
        Assert.Equal("too_many_open_tickets", Header(dead.BasicProperties, "x-servicequeue-reason"));
        Assert.Contains("open tickets", Header(dead.BasicProperties, "x-servicequeue-detail"), StringComparison.Ordinal);
        var announced = Assert.Single(await events.TakeAsync("rejections", 1, Bound));
        Assert.Contains("batch-over", Encoding.UTF8.GetString(announced.Body.Span), StringComparison.Ordinal);
        Assert.Null(await rig.GetTicketAsync("batch-over"));

        // One script run stamps every ticket it makes with the same instant: the five were made by one call.
        Assert.Single(tickets.Select(t => t.EnqueuedAt).Distinct());
        // Nothing else is left: no other delivery was dead-lettered or is still unacked.
        Assert.Empty(await channel.TakeAsync(DeadQueue, 1, TimeSpan.FromSeconds(2)));
        var intake = await channel.QueueDeclarePassiveAsync("servicequeue.intake");
        Assert.Equal(0u, intake.MessageCount);
    }

    private static object Customer(string requestId, string document) => new
    {
        requestId,
        queue = "GEN",
        channel = "kiosk",
        customer = new { name = "Ana Souza", document },
        priority = "normal",
        requestedAt = DateTimeOffset.UtcNow,
    };
}
