extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

public sealed class BranchesApiTests
{
    [Fact]
    public async Task Admin_creates_and_changes_a_branch_that_is_stored_and_audited_beside_the_default_branch()
    {
        using var api = await ApiFactory.StartAsync();
        var session = await api.LoginAsAdminAsync();
        using var admin = api.ClientWith(session.AccessToken);

        var created = await admin.PostAsJsonAsync("/api/v1/branches", new { code = "porto-2", name = "Porto, Rua das Flores", timeZone = "Europe/Lisbon" });
        var updated = await admin.PutAsJsonAsync("/api/v1/branches/PORTO-2", new { name = "Porto (closed)", timeZone = "Atlantic/Azores", open = false });
        var fetched = await admin.GetFromJsonAsync<ApiModel.BranchResponse>("/api/v1/branches/porto-2");
        var listed = await admin.GetFromJsonAsync<ApiModel.BranchResponse[]>("/api/v1/branches");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/branches/PORTO-2", created.Headers.Location?.OriginalString);
        var first = (await created.Content.ReadFromJsonAsync<ApiModel.BranchResponse>())!;
        Assert.Equal(("PORTO-2", "Porto, Rua das Flores", "Europe/Lisbon", true), (first.Code, first.Name, first.TimeZone, first.Open));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("PORTO-2", "Porto (closed)", "Atlantic/Azores", false), (fetched!.Code, fetched.Name, fetched.TimeZone, fetched.Open));
        Assert.Equal(first.CreatedAt, fetched.CreatedAt);
        Assert.Equal(["MAIN", "PORTO-2"], listed!.Select(b => b.Code));
        var main = listed![0];
        Assert.Equal(("Main office", "UTC", true), (main.Name, main.TimeZone, main.Open));
        var audit = await ApiDatabase.QueryAsync<(string Action, string ActorId, string Detail)>(api.ConnectionString,
            "SELECT action, actor_id, detail FROM audit_log WHERE subject_type = 'branch' AND subject_id = 'PORTO-2' ORDER BY id");
        var adminId = new JsonWebToken(session.AccessToken).Subject;
        Assert.Equal([("branch_created", adminId), ("branch_updated", adminId)], audit.Select(a => (a.Action, a.ActorId)));
        Assert.Contains("timeZone=Atlantic/Azores", audit[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_branch_is_refused_field_by_field_and_a_duplicate_or_unknown_code_is_named()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        var invalid = await admin.PostAsJsonAsync("/api/v1/branches", new { code = "no.dots", name = "", timeZone = "Mars/Olympus_Mons" });
        var noZone = await admin.PostAsJsonAsync("/api/v1/branches", new { code = "LX", name = "Lisboa" });
        var first = await admin.PostAsJsonAsync("/api/v1/branches", new { code = "LX", name = "Lisboa", timeZone = "Europe/Lisbon" });
        var duplicate = await admin.PostAsJsonAsync("/api/v1/branches", new { code = "lx", name = "Lisboa again", timeZone = "Europe/Lisbon" });
        var unknownPut = await admin.PutAsJsonAsync("/api/v1/branches/NOWHERE", new { name = "Nowhere", timeZone = "UTC" });
        var unknownGet = await admin.GetAsync("/api/v1/branches/NOWHERE");
        var badCodeGet = await admin.GetAsync("/api/v1/branches/not%20a%20code");
        var renamed = await admin.PutAsJsonAsync("/api/v1/branches/LX", new { code = "OTHER", name = "Lisboa", timeZone = "Europe/Lisbon" });
        var badZone = await admin.PutAsJsonAsync("/api/v1/branches/LX", new { name = "Lisboa", timeZone = "Europe/Atlantis" });
        var stored = await admin.GetFromJsonAsync<ApiModel.BranchResponse>("/api/v1/branches/LX");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["code", "name", "timeZone"], await ErrorFieldsAsync(invalid));
        Assert.Equal(["timeZone"], await ErrorFieldsAsync(noZone));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("LX", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var notFound in new[] { unknownPut, unknownGet, badCodeGet })
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(["code"], await ErrorFieldsAsync(renamed));
        Assert.Equal(["timeZone"], await ErrorFieldsAsync(badZone));
        Assert.Equal(("Lisboa", "Europe/Lisbon"), (stored!.Name, stored.TimeZone));
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE subject_type = 'branch'"));
    }

    [Fact]
    public async Task Staff_see_only_the_default_branch_until_roles_are_held_per_branch()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        (await admin.PostAsJsonAsync("/api/v1/branches", new { code = "FARO", name = "Faro", timeZone = "Europe/Lisbon" })).EnsureSuccessStatusCode();

        foreach (var role in new[] { "Attendant", "Supervisor" })
        {
            using var staff = api.ClientWith(api.TokenFor(await api.CreateUserAsync(role)));

            var listed = await staff.GetFromJsonAsync<ApiModel.BranchResponse[]>("/api/v1/branches");
            var main = await staff.GetAsync("/api/v1/branches/MAIN");
            var other = await staff.GetAsync("/api/v1/branches/FARO");

            Assert.Equal(["MAIN"], listed!.Select(b => b.Code));
            Assert.Equal(HttpStatusCode.OK, main.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
    }

    [Fact]
    public async Task Another_configured_default_branch_is_made_at_start_and_new_queues_belong_to_it()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Branches:Default"] = "HQ" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        using var attendant = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Attendant")));

        var code = await QueuesApiTests.CreateQueueAsync(admin);
        var queue = Assert.Single((await admin.GetFromJsonAsync<ApiModel.QueueResponse[]>("/api/v1/queues"))!, q => q.Code == code);
        var branches = await admin.GetFromJsonAsync<ApiModel.BranchResponse[]>("/api/v1/branches");
        var visible = await attendant.GetFromJsonAsync<ApiModel.BranchResponse[]>("/api/v1/branches");

        Assert.Equal("HQ", queue.Branch);
        Assert.Equal(["HQ", "MAIN"], branches!.Select(b => b.Code));
        Assert.Equal(("HQ", "UTC", true), (branches![0].Name, branches[0].TimeZone, branches[0].Open));
        Assert.Equal(["HQ"], visible!.Select(b => b.Code));
    }

    private static async Task<IEnumerable<string>> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        return errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
    }
}
