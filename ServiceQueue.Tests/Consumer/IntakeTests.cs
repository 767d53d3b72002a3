using System.Text;
using RabbitMQ.Client;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>Flow 1 end to end: a request on RabbitMQ becomes exactly one ticket in the real Broker.</summary>
public sealed class IntakeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_request_becomes_one_ticket_and_five_copies_of_it_still_one_ticket()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");

        for (var copy = 0; copy < 5; copy++)
        {
            await rig.PublishAsync(Request("req-happy-1", priority: "priority", notes: "  needs the ramp "));
        }

        await rig.PublishAsync(Request("req-happy-2"));

        var queue = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count >= 2, Bound);
        var second = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => false, TimeSpan.FromSeconds(2));
        Assert.Equal(2, second.Waiting.Count);
        var ticket = Assert.Single(queue.Waiting, w => w.Ticket.RequestId == "req-happy-1").Ticket;
        Assert.Equal(PriorityClass.Priority, ticket.Priority);
        Assert.Equal("elderly", ticket.PriorityReason);
        Assert.Equal(Channel.Kiosk, ticket.Channel);

        // The customer left the Consumer encrypted: the envelope (version 1) holds none of the plaintext.
        var envelope = ticket.Customer.ToByteArray();
        Assert.Equal(1, envelope[0]);
        Assert.DoesNotContain("Ana Souza", Encoding.UTF8.GetString(envelope), StringComparison.Ordinal);
        Assert.DoesNotContain("ramp", Encoding.UTF8.GetString(envelope), StringComparison.Ordinal);
        // Staff who may open it find the name and the request's notes, trimmed.
        Assert.Equal(new CustomerCard("Ana Souza", "needs the ramp"), rig.OpenCustomer(ticket));

        // Readiness names what the Consumer depends on, including its attachment to the intake queue.
        using var http = new HttpClient { BaseAddress = rig.ConsumerHttp };
        var health = await http.GetStringAsync("/health");
        Assert.Contains("intake", health, StringComparison.Ordinal);
        Assert.DoesNotContain("Ana", rig.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_rejection_reason_is_dead_lettered_with_its_header_and_announced_as_request_rejected()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");
        await rig.UpsertQueueAsync("SHUT", open: false);
        await rig.UpsertQueueAsync("TINY", maxSize: 1);
        var events = await rig.FollowRejectionsAsync("rejections");

        await rig.PublishAsync(Request("fills-tiny", queue: "TINY"), "request.TINY");
        await Eventually.ReadAsync(() => rig.GetTicketAsync("fills-tiny"), t => t is not null, Bound);

        var expected = new Dictionary<string, string>
        {
            ["rej-schema"] = "invalid_schema",
            ["rej-unknown"] = "unknown_queue",
            ["rej-closed"] = "queue_closed",
            ["rej-full"] = "queue_full",
            ["rej-expired"] = "expired",
        };
        await rig.PublishAsync(Encoding.UTF8.GetBytes("""{"requestId":"rej-schema","queue":"GEN"}"""), "rej-schema");
        await rig.PublishAsync(Request("rej-unknown", queue: "NOPE"), "request.NOPE");
        await rig.PublishAsync(Request("rej-closed", queue: "SHUT"), "request.SHUT");
        await rig.PublishAsync(Request("rej-full", queue: "TINY"), "request.TINY");
        await rig.PublishAsync(Request("rej-expired", requestedAt: DateTimeOffset.UtcNow.AddDays(-2)));

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = await channel.TakeAsync(DeadQueue, expected.Count, Bound);
        var deadReasons = dead.ToDictionary(m => m.BasicProperties.MessageId!, m => Header(m.BasicProperties, "x-servicequeue-reason"));
        Assert.Equal(expected, deadReasons);
        Assert.All(dead, m => Assert.NotEmpty(Header(m.BasicProperties, "x-servicequeue-detail")));
        Assert.All(dead, m => Assert.DoesNotContain("Ana", Header(m.BasicProperties, "x-servicequeue-detail"), StringComparison.Ordinal));

        var announced = await events.TakeAsync("rejections", expected.Count, Bound);
        var announcedReasons = announced
            .Select(m => System.Text.Json.JsonDocument.Parse(m.Body).RootElement)
            .ToDictionary(e => e.GetProperty("requestId").GetString()!, e => e.GetProperty("reason").GetString()!);
        Assert.Equal(expected, announcedReasons);

        foreach (var requestId in expected.Keys)
        {
            Assert.Null(await rig.GetTicketAsync(requestId));
        }
    }

    [Fact]
    public async Task A_customer_holding_the_maximum_of_open_tickets_is_rejected_as_too_many_open_tickets_by_document_however_written()
    {
        await using var rig = await StartAsync(new Dictionary<string, string> { ["Intake__MaxOpenTicketsPerCustomer"] = "2" });
        await rig.UpsertQueueAsync("GEN");
        var events = await rig.FollowRejectionsAsync("rejections");

        await rig.PublishAsync(SameCustomer("open-1", "123.456.789-09"));
        await Eventually.ReadAsync(() => rig.GetTicketAsync("open-1"), t => t is not null, Bound);
        await rig.PublishAsync(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            requestId = "open-2",
            queue = "GEN",
            channel = "web",
            customer = new { name = "A. Souza", document = " 12345678909 " },
            priority = "normal",
            requestedAt = DateTimeOffset.UtcNow,
        }), "open-2");
        await Eventually.ReadAsync(() => rig.GetTicketAsync("open-2"), t => t is not null, Bound);
        await rig.PublishAsync(SameCustomer("open-3", "12345678909"));

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = Assert.Single(await channel.TakeAsync(DeadQueue, 1, Bound));
        Assert.Equal("open-3", dead.BasicProperties.MessageId);
        Assert.Equal("too_many_open_tickets", Header(dead.BasicProperties, "x-servicequeue-reason"));
        var announced = Assert.Single(await events.TakeAsync("rejections", 1, Bound));
        Assert.Contains("too_many_open_tickets", Encoding.UTF8.GetString(announced.Body.Span), StringComparison.Ordinal);
        Assert.Null(await rig.GetTicketAsync("open-3"));
    }

    [Fact]
    public async Task A_request_the_Broker_cannot_take_within_the_delivery_limit_is_dead_lettered_as_delivery_limit()
    {
        await using var rig = await StartAsync(new Dictionary<string, string>
        {
            ["Intake__DeliveryLimit"] = "3",
            ["Intake__LocalAttempts"] = "1",
            ["Intake__BrokerDeadline"] = "00:00:00.500",
        });
        await rig.UpsertQueueAsync("GEN");
        await rig.KillBrokerAsync();

        await rig.PublishAsync(Request("req-limit"));

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = await channel.TakeAsync(DeadQueue, 1, TimeSpan.FromSeconds(60));
        var message = Assert.Single(dead);
        Assert.Equal("req-limit", message.BasicProperties.MessageId);
        Assert.Equal("delivery_limit", Header(message.BasicProperties, "x-servicequeue-reason"));
        Assert.True(rig.ConsumerIsRunning);
    }

    [Fact]
    public async Task Malformed_bodies_of_every_kind_are_dead_lettered_and_the_Consumer_keeps_running()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");

        var garbage = new byte[1024 * 1024];
        new Random(7).NextBytes(garbage);
        var bodies = new (string Id, byte[] Body, string? MessageId)[]
        {
            ("garbage-1mib", garbage, "garbage-1mib"),
            ("bad-utf8", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "bad-utf8"),
            ("not-json", Encoding.UTF8.GetBytes("requestId=abc&queue=GEN"), "not-json"),
            ("empty", [], "empty"),
            ("json-array", Encoding.UTF8.GetBytes("[1,2,3]"), "json-array"),
            ("wrong-types", Encoding.UTF8.GetBytes("""{"requestId":42,"queue":["GEN"],"channel":true}"""), "wrong-types"),
            // A name is required except from a kiosk (IntakeHolderTests), so this one comes from the web.
            ("missing-customer", Json(Request("missing-customer")).Replace("\"customer\"", "\"someone\"").Replace("\"kiosk\"", "\"web\""), "missing-customer"),
            ("bad-id", Json(Request("bad id/../x")), "bad-id"),
            ("bad-channel", Json(Request("bad-channel")).Replace("\"kiosk\"", "\"fax\""), "bad-channel"),
            ("bad-priority", Json(Request("bad-priority")).Replace("\"normal\"", "\"urgent\""), "bad-priority"),
            ("long-notes", Json(Request("long-notes", notes: new string('x', 501))), "long-notes"),
            ("id-mismatch", Json(Request("id-in-body")), "id-mismatch"),
        };
        foreach (var (_, body, messageId) in bodies)
        {
            await rig.PublishAsync(body, messageId);
        }

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = await channel.TakeAsync(DeadQueue, bodies.Length, Bound);
        Assert.Equal(bodies.Select(b => b.Id).Order(), dead.Select(m => m.BasicProperties.MessageId!).Order());
        Assert.All(dead, m => Assert.Equal("invalid_schema", Header(m.BasicProperties, "x-servicequeue-reason")));
        // The original body goes to the dead queue untouched, so an operator can inspect or replay it.
        Assert.Equal(garbage, dead.Single(m => m.BasicProperties.MessageId == "garbage-1mib").Body.ToArray());

        await rig.PublishAsync(Request("after-garbage"));
        var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync("after-garbage"), t => t is not null, Bound);
        Assert.NotNull(ticket);
        Assert.True(rig.ConsumerIsRunning);
    }

    private static object SameCustomer(string requestId, string document) => new
    {
        requestId,
        queue = "GEN",
        channel = "kiosk",
        customer = new { name = "Ana Souza", document },
        priority = "normal",
        requestedAt = DateTimeOffset.UtcNow,
    };

    private static byte[] Json(object request) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request);
}

internal static class ByteReplace
{
    public static byte[] Replace(this byte[] body, string from, string to) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(from, to, StringComparison.Ordinal));
}
