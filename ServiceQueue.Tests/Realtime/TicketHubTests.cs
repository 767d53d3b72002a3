using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// <c>/hubs/ticket</c> (the ticket page's hub) against the run's real Broker: a holder follows only their own
/// ticket, sees its place, desk and end, cancels it as the customer, and learns nothing with any other token.
/// </summary>
public sealed class TicketHubTests : RealtimeOnBrokerTests
{
    private const string Changed = "TicketChanged";
    private const string Ended = "TicketEnded";

    // Exactly what a holder is sent: no id, request id, customer, attendant or hash among them.
    private static readonly string[] StatusFields = ["number", "queue", "queueName", "branch", "state", "position", "estimate", "desk", "calledAt", "recallCount"];

    [Fact]
    public async Task A_holder_follows_their_place_then_the_desk_then_the_end_after_which_the_token_is_dead()
    {
        var queue = await Calls.DefineQueueAsync();
        var first = await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        var (mine, token) = await Calls.EnqueueHeldAsync(queue, Realtime.Encryptor);
        var page = await ConnectAsync();

        var status = await page.InvokeAsync("Follow", token);

        Assert.Equal(StatusFields.Order(), status.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(mine.Number, status.GetProperty("number").GetString());
        Assert.Equal($"Queue {queue}", status.GetProperty("queueName").GetString());
        Assert.Equal("waiting", status.GetProperty("state").GetString());
        Assert.Equal(3, status.GetProperty("position").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("desk").ValueKind);

        await Calls.MoveAsync(mine.Id, 1, "sam");
        var moved = await page.ReceiveUntilAsync(Changed, s => s.GetProperty("position").ValueKind == JsonValueKind.Number && s.GetProperty("position").GetInt32() == 1);

        var (ana, desk) = Staff(queue);
        await Calls.CallTicketAsync(mine.Id, ana, desk);
        var called = await page.ReceiveUntilAsync(Changed, s => s.GetProperty("state").GetString() == "called");
        Assert.Equal(desk, called[^1].GetProperty("desk").GetString());
        Assert.Equal(JsonValueKind.Null, called[^1].GetProperty("position").ValueKind);

        await Calls.StartServiceAsync(mine.Id, ana);
        await page.ReceiveUntilAsync(Changed, s => s.GetProperty("state").GetString() == "serving");
        await Calls.CompleteAsync(mine.Id, ana);
        var ended = await page.NextAsync(Ended);

        Assert.Equal("completed", ended.GetProperty("outcome").GetString());
        var dead = await Assert.ThrowsAsync<HubException>(() => page.InvokeAsync("Follow", token));
        Assert.Contains("not_found:", dead.Message);
        foreach (var sent in moved.Concat(called).Append(status))
        {
            AssertRevealsNothing(sent, mine, first);
        }
    }

    [Fact]
    public async Task A_malformed_unknown_or_ended_token_gets_the_same_not_found_and_a_follower_hears_only_of_their_own_ticket()
    {
        var queue = await Calls.DefineQueueAsync();
        var (ahead, aheadToken) = await Calls.EnqueueHeldAsync(queue, Realtime.Encryptor);
        var (mine, token) = await Calls.EnqueueHeldAsync(queue, Realtime.Encryptor);
        var stranger = await ConnectAsync();

        var malformed = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("Follow", "A-001"));
        var unknown = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("Follow", TicketHolderToken.Create()));
        var hash = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("Follow", TicketHolderToken.Hash(token)));
        var cancel = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("Cancel", TicketHolderToken.Create()));

        Assert.Equal(Answer(malformed), Answer(unknown));
        Assert.Equal(Answer(malformed), Answer(hash));
        Assert.Equal(Answer(malformed), Answer(cancel));
        Assert.Contains("not_found:", malformed.Message);

        var page = await ConnectAsync();
        await page.InvokeAsync("Follow", token);
        var (ana, desk) = Staff(queue);
        await Calls.CallTicketAsync(ahead.Id, ana, desk);
        var changes = await page.ReceiveUntilAsync(Changed, s => s.GetProperty("position").ValueKind == JsonValueKind.Number && s.GetProperty("position").GetInt32() == 1);

        Assert.All(changes, s => Assert.Equal(mine.Number, s.GetProperty("number").GetString()));
        Assert.All(changes, s => AssertRevealsNothing(s, mine, ahead));
        Assert.DoesNotContain(aheadToken, string.Join(' ', changes.Select(c => c.GetRawText())));
    }

    [Fact]
    public async Task Cancel_removes_the_ticket_as_customer_cancelled_and_ends_the_page()
    {
        var queue = await Calls.DefineQueueAsync();
        var (mine, token) = await Calls.EnqueueHeldAsync(queue, Realtime.Encryptor);
        var page = await ConnectAsync();
        await page.InvokeAsync("Follow", token);

        var answer = await page.InvokeAsync("Cancel", token);
        var ended = await page.NextAsync(Ended);

        Assert.Equal("cancelled", answer.GetProperty("outcome").GetString());
        Assert.Equal("cancelled", ended.GetProperty("outcome").GetString());
        var removed = (await Calls.GetTicketAsync(new GetTicketRequest { TicketId = mine.Id }, deadline: BrokerCalls.Deadline())).Ticket;
        Assert.Equal(TicketState.Removed, removed.State);
        Assert.Equal(TicketRemovalReasons.CustomerCancelled, removed.RemovalReason);
        var again = await Assert.ThrowsAsync<HubException>(() => page.InvokeAsync("Cancel", token));
        Assert.Contains("not_found:", again.Message);
    }

    [Fact]
    public async Task A_ticket_being_served_cannot_be_cancelled_by_its_holder()
    {
        var queue = await Calls.DefineQueueAsync();
        var (mine, token) = await Calls.EnqueueHeldAsync(queue, Realtime.Encryptor);
        var (ana, desk) = Staff(queue);
        await Calls.CallTicketAsync(mine.Id, ana, desk);
        await Calls.StartServiceAsync(mine.Id, ana);
        var page = await ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => page.InvokeAsync("Cancel", token));

        Assert.Contains("ticket_not_waiting_called_or_parked:", refused.Message);
        var ticket = (await Calls.GetTicketAsync(new GetTicketRequest { TicketId = mine.Id }, deadline: BrokerCalls.Deadline())).Ticket;
        Assert.Equal(TicketState.Serving, ticket.State);
    }

    [Fact]
    public async Task A_transferred_ticket_is_followed_into_its_new_queue()
    {
        var from = await Calls.DefineQueueAsync();
        var to = await Calls.DefineQueueAsync();
        var (mine, token) = await Calls.EnqueueHeldAsync(from, Realtime.Encryptor);
        var page = await ConnectAsync();
        await page.InvokeAsync("Follow", token);

        var (bob, desk) = Staff(to);
        await Calls.TransferAsync(mine.Id, to, "ana");
        await page.ReceiveUntilAsync(Changed, s => s.GetProperty("queue").GetString() == to);
        await Calls.CallTicketAsync(mine.Id, bob, desk);
        var called = await page.ReceiveUntilAsync(Changed, s => s.GetProperty("state").GetString() == "called");

        Assert.Equal(to, called[^1].GetProperty("queue").GetString());
        Assert.Equal($"Queue {to}", called[^1].GetProperty("queueName").GetString());
        Assert.Equal(desk, called[^1].GetProperty("desk").GetString());
    }

    [Fact]
    public async Task The_anonymous_hub_limits_connections_per_address_and_calls_per_connection()
    {
        var broker = await TestServers.GetBrokerAsync();
        await using var limited = await RealtimeFactory.StartAsync(
            broker.GrpcAddress,
            new Dictionary<string, string?> { ["Realtime:TicketConnectionsPerMinute"] = "3", ["Realtime:TicketCallsPerMinute"] = "4" });
        var peers = new List<HubPeer>();
        for (var i = 0; i < 3; i++)
        {
            peers.Add(await HubPeer.ConnectAsync(limited.TicketHub, accessToken: null, Changed));
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubPeer.ConnectAsync(limited.TicketHub, accessToken: null, Changed));
        var guesses = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            guesses.Add((await Assert.ThrowsAsync<HubException>(() => peers[0].InvokeAsync("Follow", TicketHolderToken.Create()))).Message);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.All(guesses.Take(4), g => Assert.Contains("not_found:", g));
        Assert.Contains("rate_limited:", guesses[4]);
        foreach (var peer in peers)
        {
            await peer.DisposeAsync();
        }
    }

    /// <summary>Attendants and desks are the Broker's, shared by every test on it, and each holds one ticket: these are the queue's own.</summary>
    private static (string Attendant, string Desk) Staff(string queue) => ($"ana-{queue}", $"D-{queue}");

    /// <summary>The hub's answer, without the client's words around it (which name the method called).</summary>
    private static string Answer(HubException refused) => refused.Message[refused.Message.IndexOf("HubException: ", StringComparison.Ordinal)..];

    private static void AssertRevealsNothing(JsonElement sent, Ticket mine, Ticket other)
    {
        var text = sent.GetRawText();
        Assert.DoesNotContain(mine.Id, text);
        Assert.DoesNotContain(mine.RequestId, text);
        Assert.DoesNotContain(other.Id, text);
        Assert.DoesNotContain(other.Number, text);
        Assert.DoesNotContain(HeldTickets.CustomerName, text);
        Assert.DoesNotContain("ana-", text);
    }

    private async Task<HubPeer> ConnectAsync() => Track(await HubPeer.ConnectAsync(Realtime.TicketHub, accessToken: null, Changed, Ended));
}
