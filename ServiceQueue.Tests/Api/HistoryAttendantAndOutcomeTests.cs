using System.Net.Http.Json;
using System.Text.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Api;

/// <summary>What the history keeps of who served a ticket and how the service ended.</summary>
public sealed class HistoryAttendantAndOutcomeTests
{
    // Two valid user names sharing their first 36 characters: cut there, they were one attendant.
    private const string Prefix = "attendant.sharing.the.same.36.chars.";

    [Fact]
    public async Task History_keeps_each_attendant_whole_and_finds_them_by_user_id_or_user_name()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        var database = await MigrationTests.CreateDatabaseAsync();
        using var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker));
        api.StartServer();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var (first, second) = (Prefix + "first-of-two", Prefix + "second-of-two");
        var firstId = await CreateAttendantAsync(admin, first);
        var secondId = await CreateAttendantAsync(admin, second);

        var byFirst = await calls.ServeAsync("GEN", "w1", first, "D1");
        await calls.ServeAsync("GEN", "w2", second, "D2");
        var bySecond = await calls.ServeAsync("GEN", "w3", second, "D2");
        await HistoryFollowerTests.WaitForRowsAsync(database, 3);

        var named = Assert.Single(await ItemsAsync(admin, $"/api/v1/history?attendant={first}"));
        Assert.Equal((byFirst.Id, firstId, first), Attendant(named));
        var byId = await ItemsAsync(admin, $"/api/v1/history?attendant={secondId}");
        Assert.Equal(2, byId.Count);
        Assert.All(byId, e => Assert.Equal(secondId, e.GetProperty("attendantId").GetString()));
        Assert.Contains(byId, e => e.GetProperty("ticketId").GetString() == bySecond.Id);

        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/v1/stats/queues/GEN");
        Assert.Equal(
            [(firstId, first, 1), (secondId, second, 2)],
            stats.GetProperty("attendants").EnumerateArray()
                .Select(a => (a.GetProperty("attendantId").GetString(), a.GetProperty("attendantName").GetString(), a.GetProperty("served").GetInt32()))
                .OrderBy(a => a.Item2, StringComparer.Ordinal));
    }

    [Fact]
    public async Task History_keeps_the_service_outcome_filters_by_it_and_statistics_count_each()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        var database = await MigrationTests.CreateDatabaseAsync();
        using var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker));
        api.StartServer();
        using var supervisor = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));

        await calls.ServeAsync("GEN", "o1", "att-1", "D1");
        await calls.ServeAsync("GEN", "o2", "att-1", "D1");
        var referred = await calls.EnqueueAsync("GEN", "o3");
        await calls.CallTicketAsync(referred.Id, "att-2", "D2");
        await calls.StartServiceAsync(referred.Id, "att-2");
        await calls.CompleteAsync(referred.Id, "att-2", outcome: "referred");
        var absent = await calls.EnqueueAsync("GEN", "o4");
        await calls.CallTicketAsync(absent.Id, "att-2", "D2");
        await calls.NoShowAsync(absent.Id, "att-2");
        await HistoryFollowerTests.WaitForRowsAsync(database, 4);

        var found = Assert.Single(await ItemsAsync(supervisor, "/api/v1/history?serviceOutcome=referred"));
        Assert.Equal((referred.Id, "completed", "referred"), (found.GetProperty("ticketId").GetString(), found.GetProperty("outcome").GetString(), found.GetProperty("serviceOutcome").GetString()));
        Assert.Equal(2, (await ItemsAsync(supervisor, "/api/v1/history?serviceOutcome=served")).Count);
        var noShow = (await ItemsAsync(supervisor, "/api/v1/history")).Single(e => e.GetProperty("ticketId").GetString() == absent.Id);
        Assert.Equal(JsonValueKind.Null, noShow.GetProperty("serviceOutcome").ValueKind);

        var stats = await supervisor.GetFromJsonAsync<JsonElement>("/api/v1/stats/queues/GEN");
        Assert.Equal(3, stats.GetProperty("served").GetInt32());
        Assert.Equal(
            [("served", 2), ("referred", 1)],
            stats.GetProperty("serviceOutcomes").EnumerateArray().Select(o => (o.GetProperty("serviceOutcome").GetString(), o.GetProperty("served").GetInt32())));
    }

    private static async Task<string> CreateAttendantAsync(HttpClient admin, string userName)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = "a-long-enough-password", role = "Attendant", queues = new[] { "GEN" } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static (string?, string?, string?) Attendant(JsonElement entry) => (
        entry.GetProperty("ticketId").GetString(), entry.GetProperty("attendantId").GetString(), entry.GetProperty("attendantName").GetString());

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(path);
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
