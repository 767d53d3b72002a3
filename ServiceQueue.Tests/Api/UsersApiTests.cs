extern alias api;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

public sealed class UsersApiTests
{
    [Fact]
    public async Task A_created_user_reads_back_with_its_fields_while_the_database_holds_its_email_and_name_sealed()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName = "maria.silva",
            password = "a-long-enough-password",
            role = "supervisor",
            fullName = "Maria da Silva",
            email = "Maria.Silva@Example.com",
            defaultDesk = "D7",
            queues = new[] { "gen", "PRI", "GEN" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!;
        Assert.Equal($"/api/v1/users/{user.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("Supervisor", "Maria da Silva", "Maria.Silva@Example.com", "D7"), (user.Role, user.FullName, user.Email, user.DefaultDesk));
        Assert.Equal(["GEN", "PRI"], user.Queues);
        Assert.Equivalent(user, await admin.GetFromJsonAsync<ApiModel.UserResponse>($"/api/v1/users/{user.Id}"));

        var stored = await ApiDatabase.QueryAsync<(byte[] Email, byte[] FullName)>(api.ConnectionString,
            "SELECT email, full_name FROM users WHERE id = @Id", new { user.Id });
        Assert.DoesNotContain("Maria", Encoding.UTF8.GetString(stored[0].Email), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Silva", Encoding.UTF8.GetString(stored[0].FullName), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, stored[0].Email[0]);
    }

    [Fact]
    public async Task An_email_already_in_use_in_any_spelling_is_a_409()
    {
        using var api = await ApiFactory.StartAsync();
        await api.CreateUserAsync("Attendant", email: "ana@example.com");
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        var duplicate = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "ana2", password = "a-long-enough-password", role = "Attendant", email = " ANA@example.com" });
        var sameName = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "ADMIN", password = "a-long-enough-password", role = "Attendant" });

        await AuthApiTests.AssertProblemAsync(duplicate, HttpStatusCode.Conflict);
        await AuthApiTests.AssertProblemAsync(sameName, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_fields_come_back_as_one_validation_problem_naming_each()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        var response = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName = "x",
            password = "short",
            role = "Boss",
            email = "not-an-email",
            defaultDesk = "Desk 1",
            queues = new[] { "OK", "not a code" },
        });

        var problem = await AuthApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["defaultDesk", "email", "password", "queues[1]", "role", "userName"], fields);
    }

    [Fact]
    public async Task Update_replaces_the_fields_and_delete_removes_the_user_and_both_are_audited()
    {
        using var api = await ApiFactory.StartAsync();
        var user = await api.CreateUserAsync("Attendant", email: "old@example.com");
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        var updated = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { role = "Supervisor", email = "new@example.com", queues = new[] { "PRI" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = (await updated.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!;
        Assert.Equal(("Supervisor", "new@example.com", (string?)null), (body.Role, body.Email, body.DefaultDesk));
        Assert.Equal(["PRI"], body.Queues);

        // The old e-mail is free again once replaced.
        await api.CreateUserAsync("Attendant", email: "old@example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{user.Id}")).StatusCode);
        await AuthApiTests.AssertProblemAsync(await admin.GetAsync($"/api/v1/users/{user.Id}"), HttpStatusCode.NotFound);
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE action = 'user_updated' AND subject_id = @Id", new { user.Id }));
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE action = 'user_deleted' AND subject_id = @Id", new { user.Id }));
    }

    [Fact]
    public async Task Users_change_their_own_password_only_with_the_current_one()
    {
        using var api = await ApiFactory.StartAsync();
        var user = await api.CreateUserAsync("Attendant");
        using var client = api.ClientWith(api.TokenFor(user));

        var withoutCurrent = await client.PostAsJsonAsync($"/api/v1/users/{user.Id}/password", new { newPassword = "brand-new-password" });
        var wrongCurrent = await client.PostAsJsonAsync($"/api/v1/users/{user.Id}/password", new { currentPassword = "wrong-password", newPassword = "brand-new-password" });
        var changed = await client.PostAsJsonAsync($"/api/v1/users/{user.Id}/password", new { currentPassword = user.Password, newPassword = "brand-new-password" });

        await AuthApiTests.AssertProblemAsync(withoutCurrent, HttpStatusCode.BadRequest);
        await AuthApiTests.AssertProblemAsync(wrongCurrent, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.NotNull(await api.LoginAsync(user.UserName, "brand-new-password"));
    }

    [Fact]
    public async Task An_admin_resetting_a_password_ends_that_users_sessions()
    {
        using var api = await ApiFactory.StartAsync();
        var user = await api.CreateUserAsync("Attendant");
        var session = await api.LoginAsync(user.UserName, user.Password);
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        var reset = await admin.PostAsJsonAsync($"/api/v1/users/{user.Id}/password", new { newPassword = "reset-by-the-admin" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await AuthApiTests.AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/auth/refresh", new { session.RefreshToken }), HttpStatusCode.Unauthorized);
        Assert.NotNull(await api.LoginAsync(user.UserName, "reset-by-the-admin"));
    }

    [Fact]
    public async Task Values_sealed_with_a_retired_key_stay_readable_after_rotation_and_new_ones_use_the_new_key()
    {
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        using var before = await ApiFactory.CreateAsync(database);
        before.StartServer();
        var old = await before.CreateUserAsync("Attendant", email: "rotating@example.com", fullName: "Rui Rotação");

        using var after = await ApiFactory.CreateAsync(database, AuthApiTests.SameKeys(before, new()
        {
            ["Security:Encryption:ActiveKeyId"] = "k2",
            ["Security:Encryption:Keys:k2"] = Security.TestKeys.New(),
        }));
        var fresh = await after.CreateUserAsync("Attendant", email: "fresh@example.com");
        using var admin = after.ClientWith((await after.LoginAsAdminAsync()).AccessToken);

        var oldRead = (await admin.GetFromJsonAsync<ApiModel.UserResponse>($"/api/v1/users/{old.Id}"))!;
        Assert.Equal(("rotating@example.com", "Rui Rotação"), (oldRead.Email, oldRead.FullName));
        var keyIds = await ApiDatabase.QueryAsync<(string Id, byte[] Email)>(database, "SELECT id, email FROM users WHERE email IS NOT NULL");
        Assert.Equal("k1", FieldEncryptor.KeyIdOf(keyIds.Single(k => k.Id == old.Id).Email));
        Assert.Equal("k2", FieldEncryptor.KeyIdOf(keyIds.Single(k => k.Id == fresh.Id).Email));
        await AuthApiTests.AssertProblemAsync(
            await admin.PostAsJsonAsync("/api/v1/users", new { userName = "dup", password = "a-long-enough-password", role = "Attendant", email = "rotating@example.com" }),
            HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Personal_data_never_reaches_the_logs()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName = "joana.p",
            password = "joanas-secret-password",
            role = "Attendant",
            fullName = "Joana Pereira Quaresma",
            email = "joana.quaresma@example.com",
        });
        var id = (await created.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!.Id;
        await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "Attendant", fullName = "Joana P. Quaresma", email = "jq@example.com" });
        await admin.PostAsJsonAsync("/api/v1/users", new { userName = "dup", password = "a-long-enough-password", role = "Attendant", email = "jq@example.com" });
        using var anonymous = api.CreateClient();
        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { userName = "joana.p", password = "wrong-secret-password" });
        await api.LoginAsync("joana.p", "joanas-secret-password");
        await admin.GetAsync("/api/v1/users");

        Assert.NotEmpty(api.Logs.Lines);
        foreach (var secret in new[] { "Quaresma", "joana.quaresma@example.com", "jq@example.com", "joanas-secret-password", "wrong-secret-password", api.AdminPassword })
        {
            Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
