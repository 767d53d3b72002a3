extern alias api;

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

public sealed partial class AuthorizationMatrixTests
{
    private const string Anonymous = "anonymous";

    private const string Kiosk = "Kiosk";

    // The Attendant and Supervisor hold their role in the default branch; the Other ones in branch OTHER alone. The Kiosk is a
    // device of the default branch allowed the test queue: its token is no access token, so it is anonymous everywhere but /kiosk.
    private static readonly string[] Callers = [Anonymous, "Attendant", "Supervisor", "Admin", "OtherAttendant", "OtherSupervisor", Kiosk];

    [Fact]
    public async Task Every_route_answers_each_role_with_the_exact_status()
    {
        // Six callers sign in again and again here; the sign-in limits have their own tests.
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Auth:LoginPermitsPerAddress"] = "1000", ["Auth:LoginPermitsPerAccount"] = "1000", ["Kiosk:IssueWait"] = "00:00:00.100" });
        var adminSession = await api.LoginAsAdminAsync();
        using var admin = api.ClientWith(adminSession.AccessToken);
        var identities = new Dictionary<string, TestUser>
        {
            ["Attendant"] = await api.CreateUserAsync("Attendant"),
            ["Supervisor"] = await api.CreateUserAsync("Supervisor"),
            ["Admin"] = new(new JsonWebToken(adminSession.AccessToken).Subject, ApiFactory.AdminUserName, api.AdminPassword, "Admin"),
        };
        await using var intake = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        var queue = await QueuesApiTests.CreateQueueAsync(admin);
        // A branch beside the default one, with a queue of its own and staff who belong to it alone.
        (await admin.PostAsJsonAsync("/api/v1/branches", new { code = "OTHER", name = "Other office", timeZone = "Europe/Lisbon" })).EnsureSuccessStatusCode();
        var otherQueue = await QueuesApiTests.CreateQueueAsync(admin, branch: "OTHER");
        identities["OtherAttendant"] = await api.CreateUserInBranchAsync("OTHER", "Attendant");
        identities["OtherSupervisor"] = await api.CreateUserInBranchAsync("OTHER", "Supervisor");
        var kioskToken = (await KioskTestClient.EnrolAsync(admin, [queue])).Token;
        var notForKiosks = await QueuesApiTests.CreateQueueAsync(admin);

        // A pause reason of its own for each caller who may delete one (issue 18).
        async Task<string> NewReasonAsync(string path)
        {
            var code = NewReasonCode();
            (await admin.PostAsJsonAsync(path, new { code, name = "Reason" })).EnsureSuccessStatusCode();
            return code;
        }

        // route, then the status for each of Callers; each request is built afresh per caller.
        var matrix = new (string Route, Func<TestUser?, Task<HttpRequestMessage>> Request, int[] Expected)[]
        {
            ("POST /auth/login", async caller => Json(HttpMethod.Post, "/api/v1/auth/login", await NewCredentialsAsync(admin)), [200, 200, 200, 200, 200, 200, 200]),
            ("POST /auth/refresh", async caller => Json(HttpMethod.Post, "/api/v1/auth/refresh", new { refreshToken = (await api.LoginAsAdminAsync()).RefreshToken }), [200, 200, 200, 200, 200, 200, 200]),
            ("POST /auth/logout", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/auth/logout", new { })), [401, 204, 204, 204, 204, 204, 401]),
            ("GET /me", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/me")), [401, 200, 200, 200, 200, 200, 401]),
            ("GET /users", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/users")), [401, 403, 403, 200, 403, 403, 401]),
            ("POST /users", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/users", NewUserBody())), [401, 403, 403, 201, 403, 403, 401]),
            ("GET /users/{id}", async caller => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{await NewTargetAsync(admin)}"), [401, 403, 403, 200, 403, 403, 401]),
            ("PUT /users/{id}", async caller => Json(HttpMethod.Put, $"/api/v1/users/{await NewTargetAsync(admin)}", new { role = "Attendant", queues = new[] { "GEN" } }), [401, 403, 403, 200, 403, 403, 401]),
            ("DELETE /users/{id}", async caller => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/{await NewTargetAsync(admin)}"), [401, 403, 403, 204, 403, 403, 401]),
            ("POST /users/{other}/password", async caller => Json(HttpMethod.Post, $"/api/v1/users/{await NewTargetAsync(admin)}/password", new { newPassword = "set-by-someone-else" }), [401, 403, 403, 204, 403, 403, 401]),
            ("POST /users/{self}/password", caller => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/users/{caller?.Id ?? Guid.NewGuid().ToString()}/password", new { currentPassword = caller?.Password, newPassword = caller?.Password + "-2" })), [401, 204, 204, 204, 204, 204, 401]),
            ("GET /branches", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches")), [401, 200, 200, 200, 200, 200, 401]),
            ("GET /branches/{default}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/MAIN")), [401, 200, 200, 200, 404, 404, 401]),
            ("GET /branches/{other}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/OTHER")), [401, 404, 404, 200, 200, 200, 401]),
            ("POST /branches", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/branches", new { code = QueueCodes.New(), name = "New office", timeZone = "UTC" })), [401, 403, 403, 201, 403, 403, 401]),
            ("PUT /branches/{code}", caller => Task.FromResult(Json(HttpMethod.Put, "/api/v1/branches/OTHER", new { name = "Other office", timeZone = "Europe/Madrid" })), [401, 403, 403, 200, 403, 403, 401]),
            ("GET /queues", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/queues")), [401, 200, 200, 200, 404, 404, 401]),
            ("POST /queues", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/queues", new { code = QueueCodes.New(), name = "New", numberPrefix = "N" })), [401, 403, 403, 201, 403, 403, 401]),
            ("PUT /queues/{code}", caller => Task.FromResult(Json(HttpMethod.Put, $"/api/v1/queues/{queue}", new { name = "Changed", numberPrefix = "C" })), [401, 403, 403, 200, 403, 403, 401]),
            ("GET /queues/{code}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/queues/{queue}")), [401, 200, 200, 200, 404, 404, 401]),
            ("POST /service-requests", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/service-requests", ServiceRequestsApiTests.Body(queue))), [202, 202, 202, 202, 202, 202, 202]),
            ("GET /service-requests/{id}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/service-requests/some-request")), [200, 200, 200, 200, 200, 200, 200]),
            ("GET /history", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/history?queue={queue}")), [401, 403, 200, 200, 403, 404, 401]),
            ("GET /alerts", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/alerts?queue={queue}&active=true")), [401, 403, 200, 200, 403, 404, 401]),
            ("POST /alerts/{id}/acknowledge", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/alerts/{Guid.NewGuid():N}/acknowledge")), [401, 403, 404, 404, 403, 404, 401]),
            ("GET /stats/queues/{code}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stats/queues/{queue}")), [401, 403, 200, 200, 403, 404, 401]),
            ("GET /stats/queues/{code}/series", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stats/queues/{queue}/series")), [401, 403, 200, 200, 403, 404, 401]),
            ("GET /stats/queues/{code}/wait-distribution", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stats/queues/{queue}/wait-distribution")), [401, 403, 200, 200, 403, 404, 401]),
            ("GET /branches/{b}/queues", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/OTHER/queues")), [401, 404, 404, 200, 200, 200, 401]),
            ("POST /branches/{b}/queues", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/branches/OTHER/queues", new { code = QueueCodes.New(), name = "New", numberPrefix = "N" })), [401, 403, 403, 201, 403, 403, 401]),
            ("PUT /branches/{b}/queues/{code}", caller => Task.FromResult(Json(HttpMethod.Put, $"/api/v1/branches/OTHER/queues/{otherQueue}", new { name = "Changed", numberPrefix = "C" })), [401, 403, 403, 200, 403, 403, 401]),
            ("GET /branches/{b}/queues/{code}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/branches/OTHER/queues/{otherQueue}")), [401, 404, 404, 200, 200, 200, 401]),
            ("GET /branches/{b}/history", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/OTHER/history")), [401, 403, 404, 200, 403, 200, 401]),
            ("GET /branches/{b}/alerts", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/OTHER/alerts")), [401, 403, 404, 200, 403, 200, 401]),
            ("POST /branches/{b}/alerts/{id}/acknowledge", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/branches/OTHER/alerts/{Guid.NewGuid():N}/acknowledge")), [401, 403, 404, 404, 403, 404, 401]),
            ("GET /branches/{b}/stats/queues/{code}", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/branches/OTHER/stats/queues/{otherQueue}")), [401, 403, 404, 200, 403, 200, 401]),
            ("GET /branches/{b}/stats/queues/{code}/series", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/branches/OTHER/stats/queues/{otherQueue}/series")), [401, 403, 404, 200, 403, 200, 401]),
            ("GET /branches/{b}/stats/queues/{code}/wait-distribution", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/branches/OTHER/stats/queues/{otherQueue}/wait-distribution")), [401, 403, 404, 200, 403, 200, 401]),
            ("GET /branches/{missing}/queues", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/NOWHERE/queues")), [401, 404, 404, 404, 404, 404, 401]),
            ("GET /statistics/branches", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/statistics/branches")), [401, 403, 200, 200, 403, 200, 401]),
            ("GET /statistics/branches?branches=OTHER", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/statistics/branches?branches=OTHER")), [401, 403, 403, 200, 403, 200, 401]),
            ("GET /audit", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit?action=user_created")), [401, 403, 403, 200, 403, 403, 401]),
            ("POST /kiosks", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/kiosks", new { name = "Kiosk", queues = new[] { queue } })), [401, 403, 403, 201, 403, 403, 401]),
            ("GET /kiosks", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/kiosks")), [401, 403, 403, 200, 403, 403, 401]),
            ("GET /kiosks/{id}", async caller => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/kiosks/{(await KioskTestClient.EnrolAsync(admin, [queue])).Id}"), [401, 403, 403, 200, 403, 403, 401]),
            ("PUT /kiosks/{id}", async caller => Json(HttpMethod.Put, $"/api/v1/kiosks/{(await KioskTestClient.EnrolAsync(admin, [queue])).Id}", new { name = "Renamed", queues = new[] { queue } }), [401, 403, 403, 200, 403, 403, 401]),
            ("DELETE /kiosks/{id}", async caller => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/kiosks/{(await KioskTestClient.EnrolAsync(admin, [queue])).Id}"), [401, 403, 403, 204, 403, 403, 401]),
            ("GET /kiosk", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/kiosk")), [401, 403, 403, 403, 403, 403, 200]),
            ("GET /kiosk/queues", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/kiosk/queues")), [401, 403, 403, 403, 403, 403, 200]),
            ("POST /kiosk/tickets", caller => Task.FromResult(KioskTestClient.Tap(queue, Guid.NewGuid().ToString("N"))), [401, 403, 403, 403, 403, 403, 202]),
            ("POST /kiosk/tickets (a queue not the kiosk's)", caller => Task.FromResult(KioskTestClient.Tap(notForKiosks, Guid.NewGuid().ToString("N"))), [401, 403, 403, 403, 403, 403, 403]),
            ("GET /pause-reasons", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/pause-reasons")), [401, 200, 200, 200, 404, 404, 401]),
            ("POST /pause-reasons", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/pause-reasons", new { code = NewReasonCode(), name = "New" })), [401, 403, 403, 201, 403, 403, 401]),
            ("PUT /pause-reasons/{code}", caller => Task.FromResult(Json(HttpMethod.Put, "/api/v1/pause-reasons/break", new { name = "Break" })), [401, 403, 403, 200, 403, 403, 401]),
            ("DELETE /pause-reasons/{code}", async caller => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/pause-reasons/{await NewReasonAsync("/api/v1/pause-reasons")}"), [401, 403, 403, 204, 403, 403, 401]),
            ("GET /branches/{b}/pause-reasons", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/OTHER/pause-reasons")), [401, 404, 404, 200, 200, 200, 401]),
            ("POST /branches/{b}/pause-reasons", caller => Task.FromResult(Json(HttpMethod.Post, "/api/v1/branches/OTHER/pause-reasons", new { code = NewReasonCode(), name = "New" })), [401, 403, 403, 201, 403, 403, 401]),
            ("PUT /branches/{b}/pause-reasons/{code}", caller => Task.FromResult(Json(HttpMethod.Put, "/api/v1/branches/OTHER/pause-reasons/break", new { name = "Break" })), [401, 403, 403, 200, 403, 403, 401]),
            ("DELETE /branches/{b}/pause-reasons/{code}", async caller => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/branches/OTHER/pause-reasons/{await NewReasonAsync("/api/v1/branches/OTHER/pause-reasons")}"), [401, 403, 403, 204, 403, 403, 401]),
            ("GET /stats/presence", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats/presence")), [401, 403, 200, 200, 403, 404, 401]),
            ("GET /stats/presence?branch=OTHER", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats/presence?branch=OTHER")), [401, 403, 404, 200, 403, 200, 401]),
            ("GET /openapi/v1.json", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json")), [200, 200, 200, 200, 200, 200, 200]),
            ("GET /health", caller => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/health")), [200, 200, 200, 200, 200, 200, 200]),
        };

        // Every route the Api maps under /api/v1 is in the matrix: a new route cannot land without its row.
        var listed = matrix.Select(row => Shape(row.Route)).ToHashSet(StringComparer.Ordinal);
        var unlisted = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {e.RoutePattern.RawText!["/api/v1".Length..].TrimEnd('/')}"))
            .Where(route => !listed.Contains(Shape(route)))
            .ToList();
        Assert.True(unlisted.Count == 0, $"routes missing from the matrix: {string.Join(", ", unlisted)}");

        var mismatches = new List<string>();
        foreach (var (route, request, expected) in matrix)
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                var caller = identities.GetValueOrDefault(Callers[i]);
                using var client = api.ClientWith(Callers[i] == Kiosk ? kioskToken : caller is null ? null : api.TokenFor(caller));
                using var message = await request(caller);
                using var response = await client.SendAsync(message);
                if ((int)response.StatusCode != expected[i])
                {
                    mismatches.Add($"{route} as {Callers[i]}: expected {expected[i]}, got {(int)response.StatusCode}");
                }
                else if (expected[i] >= 400)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static string Shape(string route) => RouteParameter().Replace(route, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) => new(method, path) { Content = JsonContent.Create(body) };

    private static string NewReasonCode() => "r" + Guid.NewGuid().ToString("N")[..20];

    private static object NewUserBody() => new { userName = TestServers.UniqueName("u"), password = "a-long-enough-password", role = "Attendant" };

    private static async Task<string> NewTargetAsync(HttpClient admin)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", NewUserBody());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!.Id;
    }

    private static async Task<object> NewCredentialsAsync(HttpClient admin)
    {
        var userName = TestServers.UniqueName("l");
        (await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = "a-long-enough-password", role = "Attendant" })).EnsureSuccessStatusCode();
        return new { userName, password = "a-long-enough-password" };
    }
}
