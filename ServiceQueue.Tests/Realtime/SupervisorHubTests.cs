extern alias realtime;

using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.SignalR;
using realtime::ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// <c>/hubs/supervisor</c> (issue 18's supervisor page) against the run's real Broker, each test in a branch of its
/// own: the floor's figures and attendants, its push when anything changes, the drill-down, and who may see it.
/// </summary>
public sealed class SupervisorHubTests : RealtimeOnBrokerTests
{
    private const string FloorChanged = "FloorChanged";
    private const string AlertPushed = "Alert";

    [Fact]
    public async Task A_supervisor_sees_each_queues_figures_and_who_is_serving_free_or_paused_and_is_told_when_the_floor_changes()
    {
        var branch = NewBranch();
        var queue = await Calls.DefineQueueAsync(change: d =>
        {
            d.Branch = branch;
            d.SlaTarget = Duration.FromTimeSpan(TimeSpan.FromHours(2));
        });
        await SignInAsync(branch, "ana", "1", queue);
        await SignInAsync(branch, "bia", "2", queue);
        await Calls.PauseAsync(new PauseRequest { Attendant = Person("bia", branch), Reason = "break" }, deadline: BrokerCalls.Deadline());
        await SignInAsync(branch, "cy", "3", queue);
        var first = await EnqueueInAsync(branch, queue, "first");
        await EnqueueInAsync(branch, queue, "second");
        await Calls.CallTicketAsync(new CallTicketRequest { TicketId = first.Id, Attendant = Person("cy", branch), Desk = "3" }, deadline: BrokerCalls.Deadline());
        var supervisor = await ConnectAsync(branch, "Supervisor");

        var floor = await supervisor.InvokeAsync("Watch", branch);

        Assert.Equal(branch, floor.GetProperty("branch").GetString());
        var row = floor.GetProperty("queues").EnumerateArray().Single();
        Assert.Equal($"{branch}.{queue}", row.GetProperty("address").GetString());
        Assert.Equal(1, row.GetProperty("waiting").GetInt32());
        Assert.Equal(1, row.GetProperty("active").GetInt32());
        Assert.InRange(row.GetProperty("longestWaitSeconds").GetInt32(), 0, 600);
        Assert.Equal(7200, row.GetProperty("slaSeconds").GetInt32());
        Assert.Equal("ok", row.GetProperty("serviceLevel").GetString());
        Assert.Equal((1, 1, 1), (row.GetProperty("serving").GetInt32(), row.GetProperty("idle").GetInt32(), row.GetProperty("paused").GetInt32()));
        var people = floor.GetProperty("attendants").EnumerateArray().ToDictionary(a => a.GetProperty("attendant").GetString()!);
        string[] names = [Person("ana", branch), Person("bia", branch), Person("cy", branch)];
        Assert.Equal(names, people.Keys.Order());
        Assert.Equal(("idle", "paused", "serving"), (State(people[names[0]]), State(people[names[1]]), State(people[names[2]])));
        Assert.Equal("break", people[names[1]].GetProperty("pauseReason").GetString());

        await Calls.StartServiceAsync(first.Id, Person("cy", branch));
        await Calls.CompleteAsync(first.Id, Person("cy", branch));
        Assert.Equal(branch, (await supervisor.NextAsync(FloorChanged)).GetString());
        var after = await Eventually.ReadAsync(
            async () => (await supervisor.InvokeAsync("Floor", branch)).GetProperty("queues")[0],
            q => q.GetProperty("servedLastHour").GetInt32() == 1,
            TimeSpan.FromSeconds(30));
        Assert.Equal(0, after.GetProperty("active").GetInt32());
        Assert.Equal(0, after.GetProperty("serving").GetInt32());
    }

    [Fact]
    public async Task A_queue_is_breached_once_someone_waits_past_its_target_and_says_no_target_without_one()
    {
        var branch = NewBranch();
        var strict = await Calls.DefineQueueAsync(change: d =>
        {
            d.Branch = branch;
            d.SlaTarget = Duration.FromTimeSpan(TimeSpan.FromSeconds(2));
        });
        var relaxed = await Calls.DefineQueueAsync(change: d =>
        {
            d.Branch = branch;
            d.SlaTarget = Duration.FromTimeSpan(TimeSpan.Zero);
        });
        await EnqueueInAsync(branch, strict, "late");
        await EnqueueInAsync(branch, relaxed, "any");
        var supervisor = await ConnectAsync(branch, "Supervisor");

        var floor = await Eventually.ReadAsync(
            () => supervisor.InvokeAsync("Floor", branch),
            f => Level(f, strict) == "breached",
            TimeSpan.FromSeconds(30));

        Assert.Equal("breached", Level(floor, strict));
        Assert.Equal("none", Level(floor, relaxed));
    }

    [Fact]
    public async Task Each_alert_of_the_branch_is_pushed_to_its_supervisors_when_raised_acknowledged_and_cleared()
    {
        var branch = NewBranch();
        var queue = await Calls.DefineQueueAsync(change: d =>
        {
            d.Branch = branch;
            d.Alerts = new AlertRules { WaitingOver = 1 };
        });
        var supervisor = await ConnectAsync(branch, "Supervisor");
        await supervisor.InvokeAsync("Watch", branch);
        var first = await EnqueueInAsync(branch, queue, "one");
        await EnqueueInAsync(branch, queue, "two");

        // The Broker's evaluator ticks every 5 s; the page is told without asking.
        var raised = await supervisor.NextAsync(AlertPushed);
        Assert.Equal(("waiting_over", true, 2, 1), (raised.GetProperty("kind").GetString(), raised.GetProperty("active").GetBoolean(),
            raised.GetProperty("value").GetInt32(), raised.GetProperty("threshold").GetInt32()));
        Assert.Equal($"{branch}.{queue}", raised.GetProperty("address").GetString());
        var id = raised.GetProperty("id").GetString();
        var listed = (await supervisor.InvokeAsync("Floor", branch)).GetProperty("alerts");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());

        await Calls.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { Id = id, Actor = "user-42" }, deadline: BrokerCalls.Deadline());
        var acknowledged = await supervisor.NextAsync(AlertPushed);
        Assert.Equal((id, "user-42"), (acknowledged.GetProperty("id").GetString(), acknowledged.GetProperty("acknowledgedBy").GetString()));

        await Calls.RemoveAsync(first.Id, "duplicate", "sam");
        var cleared = await supervisor.NextAsync(AlertPushed);
        Assert.Equal((id, false), (cleared.GetProperty("id").GetString(), cleared.GetProperty("active").GetBoolean()));
        Assert.Empty((await supervisor.InvokeAsync("Floor", branch)).GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task Drilling_into_a_queue_shows_its_tickets_and_desks_without_anything_about_the_customers()
    {
        var branch = NewBranch();
        var queue = await Calls.DefineQueueAsync(change: d => d.Branch = branch);
        await SignInAsync(branch, "ana", "7", queue);
        var called = await EnqueueInAsync(branch, queue, "called", "Maria Example");
        var waiting = await EnqueueInAsync(branch, queue, "waiting", "João Example");
        await Calls.CallTicketAsync(new CallTicketRequest { TicketId = called.Id, Attendant = Person("ana", branch), Desk = "7" }, deadline: BrokerCalls.Deadline());
        var supervisor = await ConnectAsync(branch, "Supervisor");

        var detail = await supervisor.InvokeAsync("Queue", $"{branch}.{queue}");

        Assert.Equal(waiting.Number, detail.GetProperty("waiting")[0].GetProperty("ticket").GetProperty("number").GetString());
        var active = detail.GetProperty("active")[0];
        Assert.Equal((called.Number, "7", Person("ana", branch)), (active.GetProperty("number").GetString(), active.GetProperty("desk").GetString(), active.GetProperty("attendant").GetString()));
        Assert.Equal("7", detail.GetProperty("desks")[0].GetProperty("desk").GetString());
        Assert.DoesNotContain("Example", detail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_supervisors_of_the_branch_and_admins_see_its_floor()
    {
        var branch = NewBranch();
        var other = NewBranch();
        await Calls.DefineQueueAsync(change: d => d.Branch = branch);

        var attendant = Realtime.TokenFor("att", "Attendant", [], null, [new BranchGrant(branch, "Attendant")]);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var peer = await HubPeer.ConnectAsync(Realtime.SupervisorHub, attendant, FloorChanged);
            await peer.InvokeAsync("Branches");
        });
        var elsewhere = await ConnectAsync(other, "Supervisor");
        var refused = await Assert.ThrowsAsync<HubException>(() => elsewhere.InvokeAsync("Watch", branch));
        Assert.Contains("forbidden:", refused.Message, StringComparison.Ordinal);
        Assert.Equal([other], (await elsewhere.InvokeAsync("Branches")).EnumerateArray().Select(b => b.GetString()));
        var drill = await Assert.ThrowsAsync<HubException>(() => elsewhere.InvokeAsync("Queue", $"{branch}.ANY"));
        Assert.Contains("forbidden:", drill.Message, StringComparison.Ordinal);

        var admin = await ConnectAsync(branch, "Admin");
        Assert.Equal(branch, (await admin.InvokeAsync("Floor", branch)).GetProperty("branch").GetString());
    }

    [Theory]
    [InlineData(null, 0, null, "none", null)]
    [InlineData(null, 0, 600, "ok", null)]
    [InlineData(479, 600, 600, "ok", null)]
    [InlineData(480, 0, 600, "at_risk", "longest_wait")]
    [InlineData(600, 0, 600, "at_risk", "longest_wait")]
    [InlineData(null, 601, 600, "at_risk", "newcomer_quote")]
    [InlineData(601, 0, 600, "breached", "longest_wait")]
    public void The_service_level_is_decided_by_the_longest_wait_against_the_target_then_by_what_a_newcomer_would_be_quoted(
        int? longestWait, int newcomerQuote, int? target, string level, string? cause) =>
        Assert.Equal((level, cause), FloorViews.ServiceLevel(longestWait, newcomerQuote, target));

    private static string NewBranch() => TestServers.UniqueName("B")[..12].ToUpperInvariant().Replace('_', '-');

    private static string State(JsonElement person) => person.GetProperty("state").GetString()!;

    private static string? Level(JsonElement floor, string queue) =>
        floor.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("code").GetString() == queue).GetProperty("serviceLevel").GetString();

    /// <summary>Attendants are one namespace across the chain (and the run's Broker is shared): each is named after its branch.</summary>
    private static string Person(string name, string branch) => $"{name}-{branch}".ToLowerInvariant();

    private async Task SignInAsync(string branch, string attendant, string desk, string queue) =>
        await Calls.SignInAsync(new SignInRequest { Attendant = Person(attendant, branch), Branch = branch, Desk = desk, Queues = { queue } }, deadline: BrokerCalls.Deadline());

    /// <summary>A request of the branch's queue whose customer is sealed as the Consumer seals it.</summary>
    private async Task<Ticket> EnqueueInAsync(string branch, string queue, string requestId, string customerName = "Maria Example")
    {
        var id = $"{queue}-{requestId}-{Guid.NewGuid():N}";
        var customer = Realtime.Encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = customerName }), Encoding.UTF8.GetBytes(id));
        return (await Calls.EnqueueAsync(new EnqueueRequest
        {
            RequestId = id,
            Queue = queue,
            Branch = branch,
            Customer = ByteString.CopyFrom(customer),
        }, deadline: BrokerCalls.Deadline())).Ticket;
    }

    private async Task<HubPeer> ConnectAsync(string branch, string role)
    {
        var token = Realtime.TokenFor($"sup-{role.ToLowerInvariant()}", role, [], null, [new BranchGrant(branch, role)]);
        var peer = await HubPeer.ConnectAsync(Realtime.SupervisorHub, token, FloorChanged, AlertPushed);
        return Track(peer);
    }
}
