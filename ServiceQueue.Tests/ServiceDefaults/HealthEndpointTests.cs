using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceQueue.ServiceDefaults.Health;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_and_alive_answer_200_with_a_json_status_outside_Development()
    {
        await using var app = await TestWebApp.StartAsync(_ => { });
        using var client = new HttpClient { BaseAddress = app.Address };

        foreach (var path in new[] { "health", "alive" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("self").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Failing_ready_check_makes_health_503_while_alive_stays_200()
    {
        await using var app = await TestWebApp.StartAsync(_ => { }, configure: builder => builder.Services.AddHealthChecks()
            .AddReadyCheck("database", _ => Task.FromResult(HealthCheckResult.Unhealthy("connection refused"))));
        using var client = new HttpClient { BaseAddress = app.Address };

        using var health = await client.GetAsync("health");
        using var alive = await client.GetAsync("alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain("connection refused", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Calling_the_defaults_twice_registers_the_self_check_once()
    {
        await using var app = await TestWebApp.StartAsync(_ => { }, configure: builder =>
        {
            builder.AddServiceDefaults();
            builder.AddDefaultHealthChecks();
        });
        using var client = new HttpClient { BaseAddress = app.Address };

        using var response = await client.GetAsync("alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
