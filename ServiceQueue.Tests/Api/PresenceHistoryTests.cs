using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;
using V1Client = ServiceQueue.Broker.V1;

namespace ServiceQueue.Tests.Api;

/// <summary>Presence history (issue 18): the follower's intervals of each attendant's states and the statistics read from them.</summary>
public sealed class PresenceHistoryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Presence_changes_become_intervals_once_each_across_a_restart_and_a_sign_out_closes_the_open_one()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker));
        api.StartServer();
        var settings = api.Settings;
        var user = await api.CreateUserAsync("Attendant");

        await calls.SignInAsync(new V1Client.SignInRequest { Attendant = user.UserName, Desk = "D1", Queues = { "GEN" } }, deadline: BrokerCalls.Deadline());
        await calls.PauseAsync(new V1Client.PauseRequest { Attendant = user.UserName, Reason = "break" }, deadline: BrokerCalls.Deadline());
        await WaitForCursorAsync(database, calls);
        await api.DisposeAsync();

        // While the Api is away: the pause ends, the attendant signs out and in again at another desk.
        await calls.UnpauseAsync(new V1Client.UnpauseRequest { Attendant = user.UserName }, deadline: BrokerCalls.Deadline());
        await calls.SignOutAsync(new V1Client.SignOutRequest { Attendant = user.UserName }, deadline: BrokerCalls.Deadline());
        await calls.SignInAsync(new V1Client.SignInRequest { Attendant = user.UserName, Desk = "D2", Queues = { "GEN" } }, deadline: BrokerCalls.Deadline());
        await using var again = await ApiFactory.CreateAsync(database, settings);
        again.StartServer();
        await WaitForCursorAsync(database, calls);

        var rows = await ApiDatabase.QueryAsync<(string State, string? Reason, string Desk, string? UserId, string Branch, DateTime Started, DateTime? Ended)>(
            database, "SELECT state, pause_reason, desk, attendant_user_id, branch_code, started_at, ended_at FROM attendant_presence ORDER BY started_at, id");
        Assert.Equal(
            [("available", null, "D1"), ("paused", "break", "D1"), ("available", null, "D1"), ("available", null, "D2")],
            rows.Select(r => (r.State, r.Reason, r.Desk)));
        Assert.All(rows, r => Assert.Equal((user.Id, "MAIN"), (r.UserId, r.Branch)));
        // Each state ends when the next begins; the sign-out ends the third with no interval for the time away.
        Assert.Equal(rows[1].Started, rows[0].Ended);
        Assert.Equal(rows[2].Started, rows[1].Ended);
        Assert.True(rows[2].Ended <= rows[3].Started);
        Assert.Null(rows[3].Ended);
    }

    [Fact]
    public async Task Presence_statistics_clip_intervals_to_the_range_and_count_an_open_one_up_to_now()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        var database = api.ConnectionString;
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        (await admin.PostAsJsonAsync("/api/v1/branches", new { code = "OTHER", name = "Other office", timeZone = "UTC" })).EnsureSuccessStatusCode();
        using var supervisor = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));
        var t0 = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);
        var now = DateTime.UtcNow;
        await InsertAsync(database,
            ("ana", "id-ana", "MAIN", "available", null, t0.AddHours(-1), t0.AddMinutes(30)),
            ("ana", "id-ana", "MAIN", "paused", "break", t0.AddMinutes(30), t0.AddMinutes(45)),
            ("ana", "id-ana", "MAIN", "paused", "training", t0.AddMinutes(45), t0.AddMinutes(75)),
            ("ana", "id-ana", "MAIN", "available", null, t0.AddMinutes(75), t0.AddMinutes(150)),
            ("bob", null, "MAIN", "paused", "back_office", t0.AddHours(-1), t0.AddMinutes(-1)),
            ("bob", null, "MAIN", "available", null, t0.AddMinutes(90), null),
            ("carl", null, "OTHER", "available", null, t0, t0.AddHours(1)),
            ("dan", null, "MAIN", "paused", "break", now.AddMinutes(-10), null));

        // [09:00, 11:00): ana's first and last intervals are cut at the range's ends; bob's open one counts up to 11:00, not now.
        var stats = await supervisor.GetFromJsonAsync<JsonElement>("/api/v1/stats/presence?branch=MAIN&from=2026-01-05T09:00:00Z&to=2026-01-05T11:00:00Z");
        Assert.Equal("MAIN", stats.GetProperty("branch").GetString());
        Assert.Equal(new DateTimeOffset(t0), stats.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(
            [
                ("id-ana", "ana", 7200L, 4500L, 2700L, "training=1800,break=900"),
                (null, "bob", 1800L, 1800L, 0L, ""),
            ],
            stats.GetProperty("attendants").EnumerateArray().Select(Figures));

        // An open interval in a range that reaches past now counts up to now.
        var from = now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var to = now.AddHours(1).ToString("O", CultureInfo.InvariantCulture);
        var live = await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/stats/presence?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        var dan = Assert.Single(live.GetProperty("attendants").EnumerateArray(), a => a.GetProperty("attendantName").GetString() == "dan");
        Assert.InRange(dan.GetProperty("pausedSeconds").GetInt64(), 600, 600 + (long)Patience.TotalSeconds);
        Assert.Equal(dan.GetProperty("pausedSeconds").GetInt64(), dan.GetProperty("pausedByReason")[0].GetProperty("seconds").GetInt64());

        var inverted = await supervisor.GetAsync("/api/v1/stats/presence?from=2026-01-05T11:00:00Z&to=2026-01-05T09:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/v1/stats/presence?branch=NOWHERE")).StatusCode);
    }

    private static (string?, string?, long, long, long, string) Figures(JsonElement a) => (
        a.GetProperty("attendantId").GetString(),
        a.GetProperty("attendantName").GetString(),
        a.GetProperty("signedInSeconds").GetInt64(),
        a.GetProperty("availableSeconds").GetInt64(),
        a.GetProperty("pausedSeconds").GetInt64(),
        string.Join(',', a.GetProperty("pausedByReason").EnumerateArray().Select(r => $"{r.GetProperty("reason").GetString()}={r.GetProperty("seconds").GetInt64()}")));

    private static async Task InsertAsync(string database, params (string Name, string? UserId, string Branch, string State, string? Reason, DateTime Started, DateTime? Ended)[] rows)
    {
        var cursor = 1;
        foreach (var row in rows)
        {
            await ApiDatabase.ExecuteAsync(database, """
                INSERT INTO attendant_presence (event_cursor, branch_code, attendant_user_id, attendant_name, desk, state, pause_reason, started_at, ended_at)
                VALUES (@cursor, @Branch, @UserId, @Name, 'D1', @State, @Reason, @Started, @Ended)
                """, new { cursor = (cursor++).ToString(CultureInfo.InvariantCulture), row.Branch, row.UserId, row.Name, row.State, row.Reason, row.Started, row.Ended });
        }
    }

    private static async Task WaitForCursorAsync(string database, V1Client.QueueBroker.QueueBrokerClient calls)
    {
        var last = (await calls.GetQueueAsync("GEN")).Cursor.ToString(CultureInfo.InvariantCulture);
        var stored = await Eventually.ReadAsync(
            () => ApiDatabase.ScalarAsync<string>(database, "SELECT event_cursor FROM history_cursor"), cursor => cursor == last, Patience);
        Assert.Equal(last, stored);
    }
}
