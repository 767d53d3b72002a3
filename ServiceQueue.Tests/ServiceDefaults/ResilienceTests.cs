using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ServiceQueue.ServiceDefaults.Resilience;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Transient_503_is_retried_until_the_server_answers_200()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapGet("/flaky", () =>
            Hit(hits, "flaky") <= 2 ? Results.StatusCode(503) : Results.Text("done")));
        using var host = ClientHost(server);

        using var response = await Client(host).GetAsync("flaky");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, hits["flaky"]);
    }

    [Fact]
    public async Task Client_error_400_is_not_retried()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapGet("/bad", () => { Hit(hits, "bad"); return Results.BadRequest(); }));
        using var host = ClientHost(server);

        using var response = await Client(host).GetAsync("bad");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, hits["bad"]);
    }

    [Fact]
    public async Task Post_is_not_retried_by_default()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapPost("/orders", () => { Hit(hits, "orders"); return Results.StatusCode(503); }));
        using var host = ClientHost(server);

        using var response = await Client(host).PostAsync("orders", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, hits["orders"]);
    }

    [Fact]
    public async Task Put_body_is_sent_again_on_retry()
    {
        var hits = new ConcurrentDictionary<string, int>();
        var bodies = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(app => app.MapPut("/queues/A", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            bodies.Enqueue(await reader.ReadToEndAsync());
            return Hit(hits, "put") == 1 ? Results.StatusCode(502) : Results.NoContent();
        }));
        using var host = ClientHost(server);

        // A stream that cannot seek: without buffering it could be read only once.
        using var content = new StreamContent(new NonSeekableStream("{\"name\":\"General\"}"u8.ToArray()));
        using var response = await Client(host).PutAsync("queues/A", content);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["{\"name\":\"General\"}", "{\"name\":\"General\"}"], bodies);
    }

    [Fact]
    public async Task Retry_after_header_sets_the_delay_before_the_next_attempt()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapGet("/busy", (HttpResponse response) =>
        {
            if (Hit(hits, "busy") == 1)
            {
                response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }

            return Results.Text("done");
        }));
        using var host = ClientHost(server);

        var clock = Stopwatch.StartNew();
        using var response = await Client(host).GetAsync("busy");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The backoff alone would wait 10 ms; only a lower bound is asserted, a slow machine only waits longer.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task Attempt_that_times_out_is_retried()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapGet("/slow-once", async (CancellationToken aborted) =>
        {
            if (Hit(hits, "slow") == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), aborted);
            }

            return Results.Text("done");
        }));
        using var host = ClientHost(server, new() { ["Resilience:AttemptTimeout"] = "00:00:00.300" });

        using var response = await Client(host).GetAsync("slow-once");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, hits["slow"]);
    }

    [Fact]
    public async Task Total_timeout_bounds_the_whole_call_across_attempts()
    {
        await using var server = await StartServerAsync(app => app.MapGet("/stuck", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), aborted);
            return Results.Text("late");
        }));
        using var host = ClientHost(server, new()
        {
            ["Resilience:AttemptTimeout"] = "00:00:00.200",
            ["Resilience:TotalRequestTimeout"] = "00:00:00.500",
            ["Resilience:MaxRetryAttempts"] = "10",
        });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Client(host).GetAsync("stuck"));
    }

    [Fact]
    public async Task Circuit_opens_after_failures_and_then_fails_fast_without_reaching_the_server()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapGet("/down", () => { Hit(hits, "down"); return Results.StatusCode(500); }));
        using var host = ClientHost(server, new()
        {
            ["Resilience:MaxRetryAttempts"] = "0",
            ["Resilience:MinimumThroughput"] = "2",
            ["Resilience:FailureRatio"] = "0.5",
            ["Resilience:BreakDuration"] = "00:01:00",
        });
        var client = Client(host);

        for (var i = 0; i < 2; i++)
        {
            using var failed = await client.GetAsync("down");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync("down"));
        Assert.Equal(2, hits["down"]);
    }

    [Fact]
    public async Task Client_opted_out_of_resilience_is_not_retried()
    {
        var hits = new ConcurrentDictionary<string, int>();
        await using var server = await StartServerAsync(app => app.MapGet("/flaky", () => { Hit(hits, "flaky"); return Results.StatusCode(503); }));
        using var host = ClientHost(server, configure: services => services.AddHttpClient("plain").WithoutStandardResilience());

        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("plain");
        using var response = await client.GetAsync(new Uri("http://upstream/flaky"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, hits["flaky"]);
    }

    [Fact]
    public void Out_of_range_settings_fail_at_build_naming_the_key()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ClientHost(new Uri("http://127.0.0.1:1/"), new() { ["Resilience:FailureRatio"] = "5" }));

        Assert.Contains(error.Failures, f => f.StartsWith("Resilience__FailureRatio must be between", StringComparison.Ordinal));
    }

    private static int Hit(ConcurrentDictionary<string, int> hits, string key) => hits.AddOrUpdate(key, 1, (_, n) => n + 1);

    private static Task<TestWebApp> StartServerAsync(Action<WebApplication> map) =>
        TestWebApp.StartAsync(map, serviceDefaults: false);

    private static HttpClient Client(IHost host) => host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("upstream");

    private static IHost ClientHost(TestWebApp server, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        ClientHost(server.Address, settings, configure);

    // The client reaches the server by a logical name, as services do; delays are shortened for tests.
    private static IHost ClientHost(Uri server, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        var all = new Dictionary<string, string?>
        {
            ["services:upstream:http:0"] = server.ToString(),
            ["Resilience:RetryBaseDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("upstream", c => c.BaseAddress = new Uri("http://upstream"));
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
