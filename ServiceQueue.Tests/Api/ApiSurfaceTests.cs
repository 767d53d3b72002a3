using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Api;

public sealed class ApiSurfaceTests
{
    [Fact]
    public async Task The_OpenAPI_document_describes_the_routes_their_errors_and_the_bearer_scheme_and_Swagger_UI_reads_it()
    {
        using var api = await ApiFactory.StartAsync();
        using var client = api.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var swagger = await client.GetAsync("/swagger/index.html");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/me", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/users/{id}/password", "/api/v1/branches", "/api/v1/branches/{code}", "/api/v1/queues", "/api/v1/queues/{code}", "/api/v1/service-requests", "/api/v1/service-requests/{requestId}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        var loginResponses = paths.GetProperty("/api/v1/auth/login").GetProperty("post").GetProperty("responses");
        Assert.Equal(["200", "400", "401", "429"], loginResponses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        var intakeResponses = paths.GetProperty("/api/v1/service-requests").GetProperty("post").GetProperty("responses");
        Assert.Equal(["202", "400", "422", "429", "503"], intakeResponses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        var statusResponses = paths.GetProperty("/api/v1/service-requests/{requestId}").GetProperty("get").GetProperty("responses");
        Assert.Contains("429", statusResponses.EnumerateObject().Select(r => r.Name));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Contains("/openapi/v1.json", await (await client.GetAsync("/swagger/index.js")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_operation_in_the_OpenAPI_document_has_a_summary_and_a_description()
    {
        using var api = await ApiFactory.StartAsync();
        using var client = api.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)))
            .ToList();
        Assert.True(operations.Count >= 19, $"only {operations.Count} operations in the document");
        var undocumented = operations
            .Where(o => !HasText(o.Value, "summary") || !HasText(o.Value, "description"))
            .Select(o => o.Name)
            .ToList();
        Assert.True(undocumented.Count == 0, $"without a summary or description: {string.Join(", ", undocumented)}");

        static bool HasText(JsonElement operation, string property) =>
            operation.TryGetProperty(property, out var text) && text.GetString() is { Length: > 0 };
    }

    [Fact]
    public async Task Every_anonymous_route_under_the_Api_prefix_is_rate_limited()
    {
        using var api = await ApiFactory.StartAsync();

        var anonymous = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .ToList();
        var unlimited = anonymous
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null || e.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            .Select(e => e.DisplayName)
            .ToList();

        var names = anonymous.Select(e => e.DisplayName ?? "").ToList();
        Assert.Contains(names, n => n.Contains("POST /api/v1/service-requests", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("GET /api/v1/service-requests/{requestId}", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("POST /api/v1/auth/login", StringComparison.Ordinal));
        Assert.True(unlimited.Count == 0, $"anonymous without a rate limit: {string.Join(", ", unlimited)}");
    }

    [Fact]
    public async Task CORS_admits_configured_front_end_origins_only()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://console.example", ["Cors:AllowedOrigins:1"] = "http://localhost:5173" });
        using var client = api.CreateClient();

        var allowed = await PreflightAsync(client, "https://console.example");
        var refused = await PreflightAsync(client, "https://evil.example");

        Assert.Equal("https://console.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Health_reports_MySQL_RabbitMQ_and_the_Broker_as_ready_checks()
    {
        using var api = await ApiFactory.StartAsync();
        using var client = api.CreateClient();

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        Assert.Contains("\"mysql\"", body, StringComparison.Ordinal);
        Assert.Contains("\"rabbitmq\"", body, StringComparison.Ordinal);
        Assert.Contains("\"broker\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.DoesNotContain("mysql", await alive.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Security:Jwt:SigningKey", "c2hvcnQ=", "Security__Jwt__SigningKey")]
    [InlineData("Security:Encryption:ActiveKeyId", "missing", "Security__Encryption__ActiveKeyId")]
    [InlineData("Auth:PasswordIterations", "1000", "PasswordIterations")]
    [InlineData("Cors:AllowedOrigins:0", "https://console.example/app", "Cors__AllowedOrigins")]
    [InlineData("Intake:SubmitBurstPerAddress", "0", "SubmitBurstPerAddress")]
    [InlineData("Branches:Default", "MAIN.OFFICE", "Branches__Default")]
    public async Task A_setting_that_cannot_work_stops_the_start_naming_the_key(string key, string value, string named)
    {
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        using var api = await ApiFactory.CreateAsync(database, new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(api.StartServer);

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await client.SendAsync(request);
    }
}
