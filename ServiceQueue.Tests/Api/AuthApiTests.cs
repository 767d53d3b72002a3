extern alias api;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

public sealed class AuthApiTests
{
    [Fact]
    public async Task Login_returns_an_access_token_with_role_queues_and_desk_and_a_refresh_token()
    {
        using var api = await ApiFactory.StartAsync();
        var attendant = await api.CreateUserAsync("Attendant", ["GEN", "PRI"]);

        var tokens = await api.LoginAsync(attendant.UserName, attendant.Password);

        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal(attendant.Id, jwt.Subject);
        Assert.Equal("Attendant", jwt.GetClaim("role").Value);
        Assert.Equal(["GEN", "PRI"], jwt.Claims.Where(c => c.Type == "queues").Select(c => c.Value));
        Assert.Equal("Desk-1", jwt.GetClaim("desk").Value);
        Assert.InRange(tokens.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));
        Assert.Equal(43, tokens.RefreshToken.Length);

        using var client = api.ClientWith(tokens.AccessToken);
        var me = await client.GetFromJsonAsync<ApiModel.UserResponse>("/api/v1/me");
        Assert.Equal(attendant.UserName, me!.UserName);
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in' AND subject_id = @Id", new { attendant.Id }));
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_user_is_401_problem_details_and_audited()
    {
        using var api = await ApiFactory.StartAsync();
        using var client = api.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = ApiFactory.AdminUserName, password = "not-the-password" });
        var unknownUser = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "nobody", password = "whatever-it-is" });

        await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(unknownUser, HttpStatusCode.Unauthorized);
        Assert.Equal(2L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'"));
    }

    [Fact]
    public async Task Missing_fields_are_a_validation_problem_naming_each_field()
    {
        using var api = await ApiFactory.StartAsync();
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem()
    {
        using var api = await ApiFactory.StartAsync();
        using var client = api.CreateClient();

        var response = await client.PostAsync("/api/v1/auth/login", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task After_the_threshold_of_failures_the_account_is_locked_even_for_the_right_password()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Auth:LockoutThreshold"] = "3", ["Auth:LockoutDuration"] = "00:10:00" });
        var user = await api.CreateUserAsync("Attendant");
        using var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = user.UserName, password = "wrong-password" })).StatusCode);
        }

        var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = user.UserName, password = user.Password });

        await AssertProblemAsync(locked, HttpStatusCode.Unauthorized);
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'account_locked' AND subject_id = @Id", new { user.Id }));
    }

    [Fact]
    public async Task A_lockout_ends_after_its_duration_and_a_success_resets_the_count()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Auth:LockoutThreshold"] = "2", ["Auth:LockoutDuration"] = "00:00:01" });
        var user = await api.CreateUserAsync("Attendant");
        using var client = api.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = user.UserName, password = "wrong-password" });
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.NotNull(await api.LoginAsync(user.UserName, user.Password));
        Assert.Equal(0, await ApiDatabase.ScalarAsync<int>(api.ConnectionString, "SELECT failed_logins FROM users WHERE id = @Id", new { user.Id }));
    }

    [Fact]
    public async Task Logins_from_one_address_beyond_the_limit_get_429_problem_details_with_retry_after()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Auth:LoginPermitsPerAddress"] = "3", ["Auth:LoginWindow"] = "00:10:00" });
        using var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = $"user{i}", password = "wrong-password" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = ApiFactory.AdminUserName, password = api.AdminPassword });

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter is not null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_address_limit_counts_the_forwarded_client_only_where_forwarded_headers_are_enabled(bool behindProxy)
    {
        // Published, the Api sits behind the Ingress (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true): every request
        // arrives from the proxy, and the client it forwarded for is the address that counts. Run without it,
        // X-Forwarded-For is anyone's to write and must be ignored.
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:LoginPermitsPerAddress"] = "2",
            ["Auth:LoginWindow"] = "00:10:00",
            ["ForwardedHeaders_Enabled"] = behindProxy ? "true" : null,
        });
        using var first = ClientFor(api, "203.0.113.10");
        using var second = ClientFor(api, "203.0.113.20");

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await first.PostAsJsonAsync("/api/v1/auth/login", new { userName = $"user{i}", password = "wrong-password" })).StatusCode);
        }

        var fromFirst = await first.PostAsJsonAsync("/api/v1/auth/login", new { userName = "user9", password = "wrong-password" });
        var fromSecond = await second.PostAsJsonAsync("/api/v1/auth/login", new { userName = ApiFactory.AdminUserName, password = api.AdminPassword });

        await AssertProblemAsync(fromFirst, HttpStatusCode.TooManyRequests);
        Assert.Equal(behindProxy ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, fromSecond.StatusCode);

        static HttpClient ClientFor(ApiFactory api, string forwardedFor)
        {
            var client = api.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            return client;
        }
    }

    [Fact]
    public async Task Logins_to_one_account_beyond_the_limit_get_429_while_other_accounts_still_answer()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:LoginPermitsPerAccount"] = "2",
            ["Auth:LoginPermitsPerAddress"] = "100",
            ["Auth:LoginWindow"] = "00:10:00",
            ["Auth:LockoutThreshold"] = "50",
        });
        using var client = api.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "target", password = "wrong-password" });
        }

        var limited = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "TARGET", password = "wrong-password" });
        var other = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = ApiFactory.AdminUserName, password = api.AdminPassword });

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_rotates_and_the_spent_one_no_longer_works()
    {
        using var api = await ApiFactory.StartAsync();
        var first = await api.LoginAsAdminAsync();
        using var client = api.CreateClient();

        var second = await RefreshAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var rotated = (await second.Content.ReadFromJsonAsync<ApiModel.TokenResponse>())!;
        Assert.NotEqual(first.RefreshToken, rotated.RefreshToken);

        var third = await RefreshAsync(client, rotated.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_revokes_its_whole_family_but_not_other_sessions()
    {
        using var api = await ApiFactory.StartAsync();
        var session = await api.LoginAsAdminAsync();
        var otherSession = await api.LoginAsAdminAsync();
        using var client = api.CreateClient();
        var successor = (await (await RefreshAsync(client, session.RefreshToken)).Content.ReadFromJsonAsync<ApiModel.TokenResponse>())!;

        var replay = await RefreshAsync(client, session.RefreshToken);
        var successorAfterReplay = await RefreshAsync(client, successor.RefreshToken);

        await AssertProblemAsync(replay, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(successorAfterReplay, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, otherSession.RefreshToken)).StatusCode);
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE action = 'refresh_token_reuse'"));
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_let_exactly_one_through()
    {
        using var api = await ApiFactory.StartAsync();
        var session = await api.LoginAsAdminAsync();
        using var client = api.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RefreshAsync(client, session.RefreshToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Fact]
    public async Task Logout_revokes_the_session_refresh_token()
    {
        using var api = await ApiFactory.StartAsync();
        var session = await api.LoginAsAdminAsync();
        using var client = api.ClientWith(session.AccessToken);

        var logout = await client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = session.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await AssertProblemAsync(await RefreshAsync(client, session.RefreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_or_tampered_access_token_is_refused_with_401()
    {
        using var api = await ApiFactory.StartAsync();
        var session = await api.LoginAsAdminAsync();
        var parts = session.AccessToken.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^2]}AA";
        var admin = new TestUser(new JsonWebToken(session.AccessToken).Subject, ApiFactory.AdminUserName, "", "Admin");
        var expired = api.TokenFor(admin, TimeSpan.FromMinutes(15), issuedAt: DateTimeOffset.UtcNow.AddHours(-1));

        using var tamperedClient = api.ClientWith(tampered);
        using var expiredClient = api.ClientWith(expired);

        await AssertProblemAsync(await tamperedClient.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await expiredClient.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_login_rehashes_the_password_when_the_iterations_rose()
    {
        var servers = await Infrastructure.TestServers.GetAsync();
        var database = await servers.CreateDatabaseAsync();
        using (var before = await ApiFactory.CreateAsync(database))
        {
            before.StartServer();
            var hash = await ApiDatabase.ScalarAsync<string>(database, "SELECT password_hash FROM users");
            Assert.StartsWith("pbkdf2-sha512$210000$", hash, StringComparison.Ordinal);

            using var after = await ApiFactory.CreateAsync(database, SameKeys(before, new() { ["Auth:PasswordIterations"] = "250000" }));
            await after.LoginAsync(ApiFactory.AdminUserName, before.AdminPassword);

            Assert.StartsWith("pbkdf2-sha512$250000$", await ApiDatabase.ScalarAsync<string>(database, "SELECT password_hash FROM users"), StringComparison.Ordinal);
            Assert.NotNull(await after.LoginAsync(ApiFactory.AdminUserName, before.AdminPassword));
        }
    }

    internal static Dictionary<string, string?> SameKeys(ApiFactory other, Dictionary<string, string?> extra)
    {
        var settings = other.Settings.ToDictionary(s => s.Key, s => s.Value);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
}
