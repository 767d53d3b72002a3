extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary>Roles held per branch and per region, the token that carries them, and the routes scoped by branch (docs/branches.md).</summary>
public sealed class BranchRolesTests
{
    private const string Password = "a-long-enough-password";

    [Fact]
    public async Task A_user_with_roles_in_two_branches_gets_a_token_holding_each_and_sees_only_those_branches()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var (north, south) = (await CreateBranchAsync(admin), await CreateBranchAsync(admin));
        var userName = TestServers.UniqueName("ana");
        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName,
            password = Password,
            branches = new object[] { new { branch = north, role = "attendant", queues = new[] { "gen" } }, new { branch = south, role = "Supervisor" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!;
        Assert.Equal("Supervisor", user.Role);
        Assert.Empty(user.Queues);
        Assert.Equal([(north, "Attendant", "GEN"), (south, "Supervisor", "")], user.Branches.OrderBy(b => b.Branch == north ? 0 : 1).Select(b => (b.Branch, b.Role, string.Join(',', b.Queues))));

        var token = (await api.LoginAsync(userName, Password)).AccessToken;
        var jwt = new JsonWebToken(token);
        Assert.Equal("Supervisor", jwt.GetClaim("role").Value);
        Assert.Equal(new[] { $"{north}:Attendant", $"{south}:Supervisor" }.Order(), jwt.Claims.Where(c => c.Type == "branches").Select(c => c.Value).Order());
        Assert.Equal([$"{north}.GEN"], jwt.Claims.Where(c => c.Type == "queues").Select(c => c.Value));

        using var client = api.ClientWith(token);
        var branches = await client.GetFromJsonAsync<ApiModel.BranchResponse[]>("/api/v1/branches");
        Assert.Equal(new[] { north, south }.Order(), branches!.Select(b => b.Code).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/branches/{north}/queues")).StatusCode);
        // Supervisor in the south only: the north's history is not theirs to read.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/branches/{north}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/branches/{south}/history")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_of_a_region_holds_each_of_its_branches_and_one_that_joins_it_later()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var region = QueueCodes.New();
        var (first, second, outside) = (await CreateBranchAsync(admin, region), await CreateBranchAsync(admin, region), await CreateBranchAsync(admin));
        var userName = TestServers.UniqueName("rita");
        (await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = Password, regions = new[] { new { region, role = "Supervisor" } } })).EnsureSuccessStatusCode();

        Assert.Equal(new[] { first, second }.Order(), await BranchClaimsAsync(api, userName, "Supervisor"));

        var later = await CreateBranchAsync(admin, region);
        Assert.Equal(new[] { first, second, later }.Order(), await BranchClaimsAsync(api, userName, "Supervisor"));
        using var client = api.ClientWith((await api.LoginAsync(userName, Password)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/branches/{later}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/branches/{outside}/history")).StatusCode);
    }

    [Fact]
    public async Task Changing_a_users_branches_replaces_roles_and_queues_branch_by_branch()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var (north, south) = (await CreateBranchAsync(admin), await CreateBranchAsync(admin));
        var user = await api.CreateUserInBranchAsync(north, "Attendant");

        var changed = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new
        {
            queues = new[] { "INFO" },
            branches = new object[]
            {
                new { branch = "MAIN", role = "Attendant" },
                new { branch = north, role = "Supervisor", queues = new[] { "GEN", "CASH" } },
                new { branch = south, role = "Attendant", queues = new[] { "GEN" } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = (await changed.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!;
        Assert.Equal(("Supervisor", "INFO"), (body.Role, string.Join(',', body.Queues)));
        Assert.Equal(
            new[] { ("MAIN", "Attendant", "INFO"), (north, "Supervisor", "CASH,GEN"), (south, "Attendant", "GEN") }.OrderBy(b => b.Item1, StringComparer.Ordinal),
            body.Branches.Select(b => (b.Branch, b.Role, string.Join(',', b.Queues))));

        // Back to one branch: the others' roles and queues go.
        (await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { branches = new[] { new { branch = south, role = "Attendant", queues = new[] { "GEN" } } } })).EnsureSuccessStatusCode();
        var jwt = new JsonWebToken((await api.LoginAsync(user.UserName, user.Password)).AccessToken);
        Assert.Equal([$"{south}:Attendant"], jwt.Claims.Where(c => c.Type == "branches").Select(c => c.Value));
        Assert.Equal([$"{south}.GEN"], jwt.Claims.Where(c => c.Type == "queues").Select(c => c.Value));
        Assert.Equal("Attendant", jwt.GetClaim("role").Value);
    }

    [Fact]
    public async Task Roles_per_branch_are_checked_before_anything_is_stored()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var north = await CreateBranchAsync(admin);
        object[] refused =
        [
            new { branches = new[] { new { branch = "NOWHERE", role = "Attendant" } } },
            new { role = "Admin", branches = new[] { new { branch = north, role = "Attendant" } } },
            new { branches = new[] { new { branch = north, role = "Admin" } } },
            new { branches = new[] { new { branch = north, role = "Attendant" }, new { branch = north, role = "Supervisor" } } },
            new { role = "Attendant", branches = new[] { new { branch = north, role = "Supervisor" } } },
            new { queues = new[] { "GEN" }, branches = new[] { new { branch = north, role = "Attendant" } } },
            new { regions = new[] { new { region = "NOREGION", role = "Supervisor" } } },
            new { branches = Array.Empty<object>() },
        ];
        var before = await admin.GetFromJsonAsync<ApiModel.UserResponse[]>("/api/v1/users");

        foreach (var body in refused)
        {
            var fields = JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
            fields["userName"] = TestServers.UniqueName("x");
            fields["password"] = Password;
            using var response = await admin.PostAsJsonAsync("/api/v1/users", fields);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before!.Length, (await admin.GetFromJsonAsync<ApiModel.UserResponse[]>("/api/v1/users"))!.Length);
    }

    [Fact]
    public async Task One_queue_code_lives_apart_in_two_branches_in_MySQL_and_in_the_Broker()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var north = await CreateBranchAsync(admin, timeZone: "Europe/Lisbon");
        var code = await QueuesApiTests.CreateQueueAsync(admin);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/queues", new { code, name = "Again", numberPrefix = "Q" })).StatusCode);
        await QueuesApiTests.CreateQueueAsync(admin, code, north);
        (await admin.PutAsJsonAsync($"/api/v1/branches/{north}/queues/{code}", new { name = "North desk", numberPrefix = "N" })).EnsureSuccessStatusCode();

        var main = await admin.GetFromJsonAsync<ApiModel.QueueResponse[]>("/api/v1/queues");
        var northQueues = await admin.GetFromJsonAsync<ApiModel.QueueResponse[]>($"/api/v1/branches/{north}/queues");
        Assert.Equal(($"Queue {code}", "MAIN"), main!.Where(q => q.Code == code).Select(q => (q.Name, q.Branch)).Single());
        // A queue made without a time zone keeps its branch's.
        Assert.Equal(("North desk", north, "Europe/Lisbon"), northQueues!.Select(q => (q.Name, q.Branch, q.TimeZone)).Single());

        var broker = (await TestServers.GetBrokerAsync()).CreateClient();
        await broker.EnqueueAsync(new EnqueueRequest { RequestId = $"{north}-1", Queue = code, Branch = north, Channel = Channel.Web }, deadline: BrokerCalls.Deadline());

        var northLive = await admin.GetFromJsonAsync<ApiModel.QueueLiveResponse>($"/api/v1/branches/{north}/queues/{code}");
        var mainLive = await admin.GetFromJsonAsync<ApiModel.QueueLiveResponse>($"/api/v1/queues/{code}");
        Assert.Equal(["N-001"], northLive!.Live.Waiting.Select(t => t.Number));
        Assert.Empty(mainLive!.Live.Waiting);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/branches/{north}/queues/NOSUCH")).StatusCode);
    }

    [Fact]
    public async Task History_statistics_and_the_chain_wide_comparison_keep_each_branch_apart()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var north = await CreateBranchAsync(admin);
        var t = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        await HistoryFixture.InsertAsync(
            api.ConnectionString,
            new HistoryFixture.Row("GEN", "completed", t, t.AddMinutes(2), t.AddMinutes(2), t.AddMinutes(5), "A"),
            new HistoryFixture.Row("GEN", "completed", t, t.AddMinutes(4), t.AddMinutes(4), t.AddMinutes(6), "B", Branch: north),
            new HistoryFixture.Row("GEN", "completed", t, t.AddMinutes(6), t.AddMinutes(6), t.AddMinutes(9), "B", Branch: north),
            new HistoryFixture.Row("GEN", "no_show", t, t.AddMinutes(8), null, t.AddMinutes(10), "B", Branch: north));
        const string range = "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";

        var mainHistory = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/history?{range}");
        var northHistory = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/branches/{north}/history?{range}");
        Assert.Equal(1, mainHistory.GetProperty("total").GetInt32());
        Assert.Equal(3, northHistory.GetProperty("total").GetInt32());
        Assert.All(northHistory.GetProperty("items").EnumerateArray(), item => Assert.Equal(north, item.GetProperty("branch").GetString()));

        var northStats = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/branches/{north}/stats/queues/GEN?{range}");
        Assert.Equal((2, 1, north), (northStats.GetProperty("served").GetInt32(), northStats.GetProperty("noShows").GetInt32(), northStats.GetProperty("branch").GetString()));
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/stats/queues/GEN?{range}")).GetProperty("served").GetInt32());

        var compared = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/branches?branches=MAIN,{north}&{range}");
        var rows = compared.GetProperty("branches").EnumerateArray().ToDictionary(b => b.GetProperty("branch").GetString()!);
        Assert.Equal((1, 0), (rows["MAIN"].GetProperty("served").GetInt32(), rows["MAIN"].GetProperty("noShows").GetInt32()));
        Assert.Equal((2, 1), (rows[north].GetProperty("served").GetInt32(), rows[north].GetProperty("noShows").GetInt32()));
        // Waits of called tickets: MAIN 120 s; north 240, 360 and 480 s -> 360 on average, 480 at most.
        Assert.Equal(120.0, rows["MAIN"].GetProperty("wait").GetProperty("average").GetDouble());
        Assert.Equal((360.0, 480.0), (rows[north].GetProperty("wait").GetProperty("average").GetDouble(), rows[north].GetProperty("wait").GetProperty("max").GetDouble()));
    }

    private static async Task<string> CreateBranchAsync(HttpClient admin, string? region = null, string timeZone = "UTC")
    {
        var code = QueueCodes.New();
        (await admin.PostAsJsonAsync("/api/v1/branches", new { code, name = $"Office {code}", timeZone, region })).EnsureSuccessStatusCode();
        return code;
    }

    private static async Task<IEnumerable<string>> BranchClaimsAsync(ApiFactory api, string userName, string role)
    {
        var jwt = new JsonWebToken((await api.LoginAsync(userName, Password)).AccessToken);
        var claims = jwt.Claims.Where(c => c.Type == "branches").Select(c => c.Value).ToList();
        Assert.All(claims, c => Assert.EndsWith(":" + role, c, StringComparison.Ordinal));
        return claims.Select(c => c[..c.IndexOf(':', StringComparison.Ordinal)]).Order();
    }
}
