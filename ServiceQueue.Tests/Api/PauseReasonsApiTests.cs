using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;
using V1Client = ServiceQueue.Broker.V1;

namespace ServiceQueue.Tests.Api;

/// <summary>
/// Pause reasons an Admin defines (issue 18), against a Broker of the test's own: a branch's list is the Broker's too, so
/// tests that change it never share a Broker with others.
/// </summary>
public sealed class PauseReasonsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_admin_defines_changes_and_deletes_reasons_audited_and_the_broker_takes_only_the_active_ones()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        await calls.SignInAsync(new V1Client.SignInRequest { Attendant = "ana", Desk = "1", Queues = { "GEN" } }, deadline: BrokerCalls.Deadline());
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        await using var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker, follow: false));
        api.StartServer();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        using var attendant = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Attendant")));

        // At its start the Api pushed the seeded list: from then on the Broker refuses a code that is not on it.
        Assert.Equal("unknown_pause_reason", await Eventually.ReadAsync(() => PauseRefusalAsync(calls, "lunch"), r => r == "unknown_pause_reason", Patience));
        Assert.Equal(
            [("back_office", "Back office", true), ("break", "Break", true), ("training", "Training", true)],
            (await ReasonsAsync(attendant, "/api/v1/pause-reasons")).Select(r => (r.GetProperty("code").GetString(), r.GetProperty("name").GetString(), r.GetProperty("active").GetBoolean())));

        var created = await admin.PostAsJsonAsync("/api/v1/pause-reasons", new { code = "lunch", name = "Lunch" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/pause-reasons/lunch", created.Headers.Location?.ToString());
        // Pushed before the commit: the very next pause may use it.
        Assert.Null(await PauseRefusalAsync(calls, "lunch"));
        await calls.UnpauseAsync(new V1Client.UnpauseRequest { Attendant = "ana" }, deadline: BrokerCalls.Deadline());

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/pause-reasons", new { code = "lunch", name = "Lunch again" })).StatusCode);
        var invalid = await admin.PostAsJsonAsync("/api/v1/pause-reasons", new { code = "Lunch!", name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("code", out _) && errors.TryGetProperty("name", out _), errors.ToString());

        var changed = await admin.PutAsJsonAsync("/api/v1/pause-reasons/lunch", new { name = "Lunch break", active = false });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("unknown_pause_reason", await PauseRefusalAsync(calls, "lunch"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/pause-reasons/training")).StatusCode);
        Assert.Equal("unknown_pause_reason", await PauseRefusalAsync(calls, "training"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/pause-reasons/training")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/pause-reasons/training", new { name = "Training" })).StatusCode);
        Assert.Null(await PauseRefusalAsync(calls, "back_office"));

        Assert.Equal(
            [("back_office", true), ("break", true), ("lunch", false)],
            (await ReasonsAsync(attendant, "/api/v1/pause-reasons")).Select(r => (r.GetProperty("code").GetString(), r.GetProperty("active").GetBoolean())));
        foreach (var (action, detail) in new[] { ("pause_reason_created", "name=Lunch; active=True"), ("pause_reason_updated", "name=Lunch break; active=False"), ("pause_reason_deleted", "deleted") })
        {
            var entry = Assert.Single(await ReasonsAsync(admin, $"/api/v1/audit?action={action}", "items"));
            Assert.Equal(detail, entry.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_new_branch_s_reasons_are_in_the_broker_from_its_first_queue_not_only_after_the_next_reconcile()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        // A reconcile far away: only the queue's creation can have pushed the new branch's list.
        var settings = HistoryFollowerTests.Overrides(broker, follow: false);
        settings["Intake:ReconcileInterval"] = "01:00:00";
        await using var api = await ApiFactory.CreateAsync(database, settings);
        api.StartServer();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/branches", new { code = "EAST", name = "East office", timeZone = "UTC" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/branches/EAST/queues", new { code = "GEN", name = "General", numberPrefix = "G" })).StatusCode);
        await calls.SignInAsync(new V1Client.SignInRequest { Attendant = "ana", Branch = "EAST", Desk = "1", Queues = { "GEN" } }, deadline: BrokerCalls.Deadline());

        Assert.Equal("unknown_pause_reason", await PauseRefusalAsync(calls, "nap"));
        Assert.Null(await PauseRefusalAsync(calls, "break"));
    }

    [Fact]
    public async Task A_change_the_broker_cannot_take_is_not_stored_and_answers_503()
    {
        var broker = await BrokerServer.StartAsync();
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        await using var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker, follow: false));
        api.StartServer();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        await broker.DisposeAsync();

        var refused = await admin.PostAsJsonAsync("/api/v1/pause-reasons", new { code = "lunch", name = "Lunch" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM pause_reasons WHERE code = 'lunch'"));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM audit_log WHERE action = 'pause_reason_created'"));
    }

    /// <summary>Pauses ana with <paramref name="reason"/>: null when the Broker took it, else its refusal's reason.</summary>
    private static async Task<string?> PauseRefusalAsync(V1Client.QueueBroker.QueueBrokerClient calls, string reason)
    {
        try
        {
            await calls.PauseAsync(new V1Client.PauseRequest { Attendant = "ana", Reason = reason }, deadline: BrokerCalls.Deadline());
            return null;
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.FailedPrecondition)
        {
            return refused.Status.Detail.Split(':')[0];
        }
    }

    private static async Task<JsonElement[]> ReasonsAsync(HttpClient client, string path, string? items = null)
    {
        var body = await client.GetFromJsonAsync<JsonElement>(path);
        return [.. (items is null ? body : body.GetProperty(items)).EnumerateArray()];
    }
}
