using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Api;

/// <summary>
/// Alerts in the Api (issue 18): the history follower records each alert the Broker raises once, with its updates,
/// acknowledgement and clearing; <c>/alerts</c> lists them by branch and <c>/alerts/{id}/acknowledge</c> goes through the Broker.
/// </summary>
public sealed class AlertsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_followers_record_each_alert_once_with_its_peak_acknowledgement_and_clearing()
    {
        await using var broker = await BrokerServer.StartAsync(settings: new Dictionary<string, string> { ["Broker__AlertInterval"] = "00:00:01" });
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN", d => d.Alerts = new AlertRules { WaitingOver = 1, NoAttendant = true });
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        await using var first = await StartApiAsync(database, broker);
        await using var second = await StartApiAsync(database, broker);
        var adminSession = await first.LoginAsAdminAsync();
        using var admin = first.ClientWith(adminSession.AccessToken);

        for (var i = 1; i <= 3; i++)
        {
            await calls.EnqueueAsync("GEN", $"r{i}");
        }

        var raised = await Eventually.ReadAsync(
            () => ApiDatabase.QueryAsync<(string Id, string Kind, long Value)>(database, "SELECT id, kind, value FROM alerts ORDER BY kind"),
            rows => rows.Count == 2 && rows.All(r => r.Value == 3), Patience);
        Assert.Equal([("no_attendant", 3L), ("waiting_over", 3L)], raised.Select(r => (r.Kind, r.Value)));
        var over = raised.Single(r => r.Kind == "waiting_over").Id;

        var acknowledge = await admin.PostAsync($"/api/v1/alerts/{over}/acknowledge", null);
        var answer = await acknowledge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(acknowledge.StatusCode == HttpStatusCode.OK, answer.ToString());
        var adminId = new JsonWebToken(adminSession.AccessToken).Subject;
        Assert.Equal(
            (over, "waiting_over", true, adminId),
            (answer.GetProperty("id").GetString(), answer.GetProperty("kind").GetString(), answer.GetProperty("active").GetBoolean(),
             answer.GetProperty("acknowledgedBy").GetString()));

        // One ticket leaves: both values fall to 2 (an update each); an attendant signs in for the queue, which ends one
        // alert, and another ticket leaves, which ends the other.
        await calls.CallNextAsync("GEN", "att-1", "D1");
        await Eventually.ReadAsync(
            () => ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM alerts WHERE value = 2"), n => n == 2, Patience);
        await calls.SignInAsync(new SignInRequest { Attendant = "att-2", Desk = "D2", Queues = { "GEN" } }, deadline: BrokerCalls.Deadline());
        await Eventually.ReadAsync(
            () => ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM alerts WHERE cleared_at IS NOT NULL"), n => n == 1, Patience);
        await calls.CallNextAsync("GEN", "att-2", "D2");
        var cleared = await Eventually.ReadAsync(
            () => ApiDatabase.QueryAsync<(string Kind, long Value, long Peak, long Threshold, string? By, bool Cleared)>(database,
                "SELECT kind, value, peak_value, threshold, acknowledged_by, cleared_at IS NOT NULL FROM alerts ORDER BY kind"),
            rows => rows.Count == 2 && rows.All(r => r.Cleared), Patience);
        Assert.Equal([("no_attendant", 2L, 3L, 0L, null, true), ("waiting_over", 2L, 3L, 1L, adminId, true)], cleared);

        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/alerts?active=false");
        Assert.Equal(2, listed.GetProperty("total").GetInt64());
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(
            database, "SELECT COUNT(*) FROM audit_log WHERE action = 'alert_acknowledged' AND subject_id = @over", new { over }));
        var again = await admin.PostAsync($"/api/v1/alerts/{over}/acknowledge", null);
        var refusal = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.Conflict, "alert_cleared"), (again.StatusCode, refusal.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Alerts_are_listed_per_branch_newest_first_filtered_and_paged_and_another_branch_s_alert_is_not_found()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        (await admin.PostAsJsonAsync("/api/v1/branches", new { code = "OTHER", name = "Other office", timeZone = "UTC" })).EnsureSuccessStatusCode();
        var t = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        await InsertAsync(api.ConnectionString, ids[0], "MAIN", "Q1", "waiting_over", t, t.AddMinutes(5));
        await InsertAsync(api.ConnectionString, ids[1], "MAIN", "Q2", "no_attendant", t.AddMinutes(10), t.AddMinutes(20));
        await InsertAsync(api.ConnectionString, ids[2], "MAIN", "Q1", "waiting_past_sla", t.AddMinutes(30), null);
        await InsertAsync(api.ConnectionString, ids[3], "MAIN", "Q1", "service_over", t.AddMinutes(40), t.AddMinutes(41));
        await InsertAsync(api.ConnectionString, ids[4], "OTHER", "Q1", "waiting_over", t.AddMinutes(50), null);

        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], await IdsAsync(admin, "/api/v1/alerts"));
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/alerts?page=2&pageSize=3");
        Assert.Equal((4L, 2, 3), (page.GetProperty("total").GetInt64(), page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()));
        Assert.Equal([ids[0]], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([ids[3], ids[2], ids[0]], await IdsAsync(admin, "/api/v1/alerts?queue=Q1"));
        Assert.Equal([ids[2]], await IdsAsync(admin, "/api/v1/alerts?active=true"));
        Assert.Equal([ids[3], ids[0]], await IdsAsync(admin, "/api/v1/alerts?queue=Q1&active=false"));
        var (from, to) = (Uri.EscapeDataString(t.AddMinutes(10).ToString("O")), Uri.EscapeDataString(t.AddMinutes(40).ToString("O")));
        Assert.Equal([ids[2], ids[1]], await IdsAsync(admin, $"/api/v1/alerts?from={from}&to={to}"));
        Assert.Equal([ids[4]], await IdsAsync(admin, "/api/v1/branches/OTHER/alerts"));
        var entry = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/alerts?queue=Q2")).GetProperty("items")[0];
        Assert.Equal(("MAIN", "Q2", "no_attendant", false, 7L, 9L), (entry.GetProperty("branch").GetString(), entry.GetProperty("queue").GetString(),
            entry.GetProperty("kind").GetString(), entry.GetProperty("active").GetBoolean(), entry.GetProperty("value").GetInt64(), entry.GetProperty("peakValue").GetInt64()));

        var invalid = await admin.GetAsync("/api/v1/alerts?active=maybe&queue=bad%20code");
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("active", out _), problem.ToString());

        // Another branch's alert, acknowledged through the default branch's route, is not found; a cleared one of the branch is a conflict.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/alerts/{ids[4]}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/alerts/{Guid.NewGuid():N}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/alerts/{ids[0]}/acknowledge", null)).StatusCode);
    }

    [Fact]
    public async Task A_queue_s_alert_rules_are_stored_answered_and_given_to_the_Broker_and_checked_field_by_field()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var broker = (await TestServers.GetBrokerAsync()).CreateClient();
        var code = QueueCodes.New();

        var created = await admin.PostAsJsonAsync("/api/v1/queues", new
        {
            code,
            name = "Alerting",
            numberPrefix = "A",
            slaSeconds = 600,
            alerts = new { waitingPastSla = true, waitingOver = 25, noAttendant = true, serviceOverSeconds = 900 },
        });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        var alerts = body.GetProperty("alerts");
        Assert.Equal((true, 25, true, 900), (alerts.GetProperty("waitingPastSla").GetBoolean(), alerts.GetProperty("waitingOver").GetInt32(),
            alerts.GetProperty("noAttendant").GetBoolean(), alerts.GetProperty("serviceOverSeconds").GetInt32()));
        var live = (await broker.GetQueueAsync(new GetQueueRequest { Code = code }, deadline: BrokerCalls.Deadline())).Definition.Alerts;
        var expected = new AlertRules { WaitingPastSla = true, WaitingOver = 25, NoAttendant = true, ServiceOver = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)) };
        Assert.Equal(expected, live);

        var changed = await admin.PutAsJsonAsync($"/api/v1/queues/{code}", new { name = "Alerting", numberPrefix = "A", alerts = new { noAttendant = true } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        live = (await broker.GetQueueAsync(new GetQueueRequest { Code = code }, deadline: BrokerCalls.Deadline())).Definition.Alerts;
        Assert.Equal(new AlertRules { NoAttendant = true }, live);

        var refused = await admin.PutAsJsonAsync($"/api/v1/queues/{code}", new
        {
            name = "Alerting",
            numberPrefix = "A",
            alerts = new { waitingPastSla = true, waitingOver = -1, serviceOverSeconds = -5 },
        });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(
            ["alerts.serviceOverSeconds", "alerts.waitingOver", "alerts.waitingPastSla"],
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static async Task<List<string?>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];

    private static Task InsertAsync(string database, string id, string branch, string queue, string kind, DateTimeOffset raised, DateTimeOffset? cleared) =>
        ApiDatabase.ExecuteAsync(
            database,
            """
            INSERT INTO alerts (id, branch_code, queue_code, kind, raised_at, updated_at, cleared_at, value, peak_value, threshold)
            VALUES (@id, @branch, @queue, @kind, @raised, @raised, @cleared, 7, 9, 5)
            """,
            new { id, branch, queue, kind, raised = raised.UtcDateTime, cleared = cleared?.UtcDateTime });

    private static async Task<ApiFactory> StartApiAsync(string database, BrokerServer broker)
    {
        var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker));
        api.StartServer();
        return api;
    }
}
