using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>The console's presence controls on <c>/hubs/queues</c> (issue 18), against Realtime in-process and the run's real Broker.</summary>
public sealed class PresenceHubTests : RealtimeOnBrokerTests
{
    [Fact]
    public async Task An_attendant_signs_in_pauses_is_refused_a_call_in_words_resumes_calls_and_signs_out_always_as_themselves()
    {
        var queue = await Calls.DefineQueueAsync();
        var ticket = await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        var (ana, name) = await ConnectAsync("ana", "Attendant", [queue]);
        var desk = "D-" + TestServers.UniqueName("d")[..12];
        Assert.True((await ana.InvokeAsync("MyPresence")).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);

        var signedIn = await ana.InvokeAsync("SignIn", desk, new[] { queue });
        Assert.Equal((name, "MAIN", desk, "available"), Presence(signedIn));
        Assert.Equal([$"MAIN.{queue}"], signedIn.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        // The Broker holds the token's user, not anything the page sent.
        Assert.Contains(name, (await Calls.ListPresenceAsync(new ListPresenceRequest { Branch = "MAIN" }, deadline: BrokerCalls.Deadline())).Attendants.Select(a => a.Attendant));

        var paused = await ana.InvokeAsync("Pause", "break");
        Assert.Equal(("paused", "break"), (paused.GetProperty("state").GetString(), paused.GetProperty("pauseReason").GetString()));
        var refused = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("CallNext", queue, desk));
        Assert.Contains("attendant_paused: You are paused: resume before calling.", refused.Message);
        Assert.Equal("paused", (await ana.InvokeAsync("MyPresence")).GetProperty("state").GetString());
        Assert.Contains("not_paused: You are not paused.", (await Assert.ThrowsAsync<HubException>(async () =>
        {
            await ana.InvokeAsync("Unpause");
            await ana.InvokeAsync("Unpause");
        })).Message);

        var called = await ana.InvokeAsync("CallNext", queue, desk);
        Assert.Equal((ticket.Id, desk), (called.GetProperty("id").GetString(), called.GetProperty("desk").GetString()));
        Assert.Contains("attendant_busy: ", (await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("SignOut"))).Message);
        await ana.InvokeAsync("StartService", ticket.Id);
        await ana.InvokeAsync("Complete", ticket.Id, "served");

        var gone = await ana.InvokeAsync("SignOut");
        Assert.Equal("signed_out", gone.GetProperty("state").GetString());
        Assert.True((await ana.InvokeAsync("MyPresence")).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
        Assert.Contains("not_signed_in: You are not signed in to a desk: sign in first.", (await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("CallNext", queue, desk))).Message);
    }

    [Fact]
    public async Task Signing_in_to_a_queue_the_caller_does_not_serve_or_to_none_is_refused_and_signs_in_nothing()
    {
        var served = await Calls.DefineQueueAsync();
        var other = await Calls.DefineQueueAsync();
        var (bob, name) = await ConnectAsync("bob", "Attendant", [served]);

        var forbidden = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync("SignIn", "D9", new[] { served, other }));
        var none = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync("SignIn", "D9", Array.Empty<string>()));
        var notSignedIn = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync("Pause", "break"));

        Assert.Contains($"forbidden: You do not serve queue {other}", forbidden.Message);
        Assert.Contains("invalid_argument: Choose at least one queue.", none.Message);
        Assert.Contains("not_signed_in: ", notSignedIn.Message);
        Assert.DoesNotContain(name, (await Calls.ListPresenceAsync(new ListPresenceRequest(), deadline: BrokerCalls.Deadline())).Attendants.Select(a => a.Attendant));
    }

    private static (string?, string?, string?, string?) Presence(JsonElement p) => (
        p.GetProperty("attendant").GetString(), p.GetProperty("branch").GetString(), p.GetProperty("desk").GetString(), p.GetProperty("state").GetString());

    private async Task<(HubPeer Peer, string Name)> ConnectAsync(string userName, string role, string[] queues)
    {
        // The Broker keeps one presence per attendant name: names are unique per test.
        var name = TestServers.UniqueName(userName);
        var peer = await HubPeer.ConnectAsync(Realtime.QueuesHub, Realtime.TokenFor(name, role, queues, "D1"), "QueueEvent");
        return (Track(peer), name);
    }
}
