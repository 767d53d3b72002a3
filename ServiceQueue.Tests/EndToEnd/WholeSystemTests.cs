using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Playwright;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Realtime;

namespace ServiceQueue.Tests.EndToEnd;

/// <summary>
/// The whole application as the AppHost runs it (DCP, the Debian servers, the four services, the Aspire
/// dashboard), used the way an office uses it. One started application serves these tests: each works
/// in a queue and with users of its own.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed partial class WholeSystemTests(AspireAppFixture system) : IClassFixture<AspireAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Generous: only a request that never arrives reaches it, never a slow machine.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_resource_is_healthy_and_every_service_answers_health_and_alive()
    {
        foreach (var name in AspireAppFixture.ResourceNames)
        {
            var state = await system.App.ResourceNotifications.WaitForResourceAsync(name, e => e.Snapshot.State?.Text == KnownResourceStates.Running);
            Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }

        foreach (var service in AspireAppFixture.ServiceNames)
        {
            using var http = system.CreateHttpClient(service);
            foreach (var path in new[] { "/health", "/alive" })
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service} {path} answered {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task A_request_over_REST_is_called_from_the_console_hub_and_ends_as_a_history_row()
    {
        using var api = system.CreateHttpClient("api");
        var admin = await SignInAsync(api, "admin", await system.ParameterAsync("bootstrap-admin-password"));
        var queue = NewQueueCode();
        await CreateQueueAsync(api, admin, queue);
        var attendantName = "att" + Guid.NewGuid().ToString("N")[..8];
        const string attendantPassword = "Attendant-pass-1234";
        using (var created = await SendAsync(api, HttpMethod.Post, "/api/v1/users", admin, new
        {
            userName = attendantName,
            password = attendantPassword,
            role = "Attendant",
            queues = new[] { queue },
            defaultDesk = "D1",
            fullName = "Ana Attendant",
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var attendant = await SignInAsync(api, attendantName, attendantPassword);

        // In over REST: the Api publishes to RabbitMQ, the Consumer enqueues it in the Broker.
        var requestId = await SubmitAsync(api, queue, headers: null);
        var waiting = await WaitForStatusAsync(api, requestId, "waiting");
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());

        // Called, served and completed from the attendant console's hub on Realtime.
        await using var console = await HubPeer.ConnectAsync(new Uri(system.Endpoint("realtime"), "/hubs/queues"), attendant, "QueueEvent");
        await console.InvokeAsync("Subscribe", queue);
        var called = await console.InvokeAsync("CallNext", queue, "D1");
        var ticketId = called.GetProperty("id").GetString()!;
        Assert.Equal(waiting.GetProperty("number").GetString(), called.GetProperty("number").GetString());
        await console.InvokeAsync("StartService", ticketId);
        await console.InvokeAsync("Complete", ticketId, "served");
        Assert.Equal("completed", (await WaitForStatusAsync(api, requestId, "completed")).GetProperty("status").GetString());

        // Out as one row of the Api's history: that request, that attendant, completed.
        var history = await Eventually.ReadAsync(
            () => GetAsync(api, $"/api/v1/history?queue={queue}", admin),
            page => page.GetProperty("total").GetInt64() >= 1,
            Patience);
        var row = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(requestId, row.GetProperty("requestId").GetString());
        Assert.Equal("completed", row.GetProperty("outcome").GetString());
        Assert.Equal("served", row.GetProperty("serviceOutcome").GetString());
        Assert.Equal(attendantName, row.GetProperty("attendantName").GetString());
        Assert.Equal("D1", row.GetProperty("desk").GetString());
    }

    [Fact]
    public async Task The_trace_of_one_request_spans_the_Api_the_Consumer_and_the_Broker_in_the_dashboard()
    {
        using var api = system.CreateHttpClient("api");
        var admin = await SignInAsync(api, "admin", await system.ParameterAsync("bootstrap-admin-password"));
        var queue = NewQueueCode();
        await CreateQueueAsync(api, admin, queue);

        using var dashboard = new DashboardTelemetry(await system.DashboardLoginAsync(), system.DashboardApiKey);
        string[] services = ["api", "consumer", "broker"];
        bool Complete(IReadOnlyList<SpanView> found, string traceId) =>
            services.All(service => found.Any(s => s.Service == service && s.TraceId == traceId))
            && found.Any(s => s.Service == "broker" && s.Name.Contains("Enqueue", StringComparison.Ordinal));

        // Export is best effort: under a loaded CI machine a batch can time out on its way to the dashboard and
        // is then dropped. So up to three requests, each with a trace of the test's own making (the trace to look
        // up is known exactly); one must arrive whole.
        IReadOnlyList<SpanView> spans = [];
        var tried = new List<string>();
        var whole = false;
        for (var attempt = 0; attempt < 3 && !whole; attempt++)
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            tried.Add(traceId);
            var requestId = await SubmitAsync(api, queue, new Dictionary<string, string>
            {
                ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01",
            });
            await WaitForStatusAsync(api, requestId, "waiting");
            spans = await Eventually.ReadAsync(() => dashboard.GetTraceAsync(traceId), found => Complete(found, traceId), Patience / 3);
            whole = Complete(spans, traceId);
        }

        var seen = $"traces tried: {string.Join(", ", tried)}; spans of the last: " + string.Join(", ", spans.Select(s => $"{s.Service}:{s.Kind}:{s.Name}"));
        Assert.True(spans.Any(s => s.Service == "api" && s.Kind == "server" && s.Name.Contains("service-requests", StringComparison.Ordinal)), seen);
        Assert.True(spans.Any(s => s.Service == "api" && s.Kind == "producer"), seen);
        Assert.True(spans.Any(s => s.Service == "consumer" && s.Kind == "consumer"), seen);
        Assert.True(spans.Any(s => s.Service == "broker" && s.Kind == "server" && s.Name.Contains("Enqueue", StringComparison.Ordinal)), seen);
    }

    [Fact]
    public async Task Each_service_is_told_only_the_configuration_keys_of_the_contract()
    {
        var told = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var service in AspireAppFixture.ServiceNames)
        {
            told[service] = await ServiceEnvironment.FromSpecAsync(system.App, service);
            var process = await ServiceEnvironment.OfProcessAsync(system.App, service);
            // What DCP reports is what the process really got.
            Assert.All(told[service], pair => Assert.Equal(pair.Value, process.GetValueOrDefault(pair.Key)));
            var application = told[service].Keys.Where(key => !ServiceEnvironment.IsAspirePlumbing(key) && !ServiceEnvironment.IsEndpointAlias(told[service], key));
            Assert.All(application, key => Assert.True(ServiceEnvironment.IsContractKey(key), $"{service} is told {key}, which contracts.md section 1 does not name"));
        }

        // Each connection string goes where the contract says, and nowhere else.
        Assert.Equal(["api"], Holders("ConnectionStrings__servicequeuedb"));
        Assert.Equal(["broker"], Holders("ConnectionStrings__redis"));
        Assert.Equal(["api", "consumer"], Holders("ConnectionStrings__rabbitmq"));
        Assert.Equal(["api", "consumer", "realtime"], Holders("services__broker__grpc__0"));
        Assert.Equal(["realtime"], Holders("services__api__http__0"));
        Assert.Equal(["api", "realtime"], Holders("Security__Jwt__SigningKey"));
        Assert.Equal(["api", "consumer", "realtime"], Holders("Security__Encryption__Keys__1"));
        Assert.Equal(["api"], Holders("Bootstrap__AdminPassword"));

        // The Broker's two Kestrel endpoints, the gRPC one HTTP/2 only; every service exports telemetry under its name.
        Assert.Equal("Http2", told["broker"]["Kestrel__Endpoints__grpc__Protocols"]);
        Assert.StartsWith("http://", told["broker"]["Kestrel__Endpoints__grpc__Url"], StringComparison.Ordinal);
        Assert.All(AspireAppFixture.ServiceNames, service => Assert.Equal(service, told[service]["OTEL_SERVICE_NAME"]));
        Assert.All(AspireAppFixture.ServiceNames, service => Assert.StartsWith("http", told[service]["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal));
        Assert.DoesNotContain("Pages__ApiBaseAddress", told["realtime"].Keys); // the published application's only

        string[] Holders(string key) => [.. told.Where(t => t.Value.ContainsKey(key)).Select(t => t.Key).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task The_dashboard_shows_every_resource_running_and_keeps_a_screenshot()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1600, 1000);

        // The login link signs the browser in and lands on the resources page (Blazor Server renders it after load).
        await page.GotoAsync((await system.DashboardLoginAsync()).ToString());
        foreach (var name in AspireAppFixture.ResourceNames)
        {
            // A resource's row: its first cell is named "<type>: <name>", its state cell says what it is doing.
            var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions
            {
                Has = page.GetByRole(AriaRole.Gridcell, new PageGetByRoleOptions { NameRegex = new Regex($": {Regex.Escape(name)}$") }),
            });
            await Assertions.Expect(row.GetByRole(AriaRole.Gridcell, new LocatorGetByRoleOptions { Name = "Running", Exact = true }))
                .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        }

        var path = await ChromiumBrowser.ScreenshotAsync(page, "aspire-dashboard-resources");
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is too small to show the resources page");
    }

    private static string NewQueueCode() => "E" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static async Task CreateQueueAsync(HttpClient api, string admin, string code)
    {
        using var created = await SendAsync(api, HttpMethod.Post, "/api/v1/queues", admin, new
        {
            code,
            name = "End to end",
            numberPrefix = "E",
            slaSeconds = 600,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static async Task<string> SubmitAsync(HttpClient api, string queue, Dictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/service-requests")
        {
            Content = JsonContent.Create(new
            {
                queue,
                channel = "web",
                customer = new { name = "Rest Customer" },
                priority = "normal",
            }),
        };
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        using var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.ToString().Split('/')[^1];
    }

    private static async Task<string> SignInAsync(HttpClient api, string userName, string password)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("accessToken").GetString()!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient api, HttpMethod method, string path, string token, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api.SendAsync(request);
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, string.Create(CultureInfo.InvariantCulture, $"{path}: {(int)response.StatusCode} {body}"));
        return JsonSerializer.Deserialize<JsonElement>(body, Json);
    }

    private static Task<JsonElement> WaitForStatusAsync(HttpClient api, string requestId, string status) =>
        Eventually.ReadAsync(
            async () =>
            {
                using var response = await api.GetAsync($"/api/v1/service-requests/{requestId}");
                return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            },
            body => body.TryGetProperty("status", out var s) && s.GetString() == status,
            Patience);
}
