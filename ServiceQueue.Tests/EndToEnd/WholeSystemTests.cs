using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using ServiceQueue.AppHost.Hosting;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.AppHost.Hosting.Testing;
using ServiceQueue.AppHost.Telemetry;
using ServiceQueue.Tests.Dashboard;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Realtime;

namespace ServiceQueue.Tests.EndToEnd;

/// <summary>
/// The whole application booted through the AppHost's testing entry point, used the way an office
/// uses it: requests over REST and AMQP, an attendant on the SignalR hub, history and statistics in
/// the Api, and the intake's trace in the telemetry the dashboard received.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class WholeSystemTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Requests_over_REST_and_AMQP_are_served_by_an_attendant_and_end_in_history_statistics_and_one_trace()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        var app = await DistributedApplicationTestingBuilder.StartAsync(folder);
        try
        {
            var api = new HttpClient { BaseAddress = Endpoint(app, "api") };
            var admin = await SignInAsync(api, "admin", app.GetResource<ParameterResource>("bootstrap-admin-password").Value!);

            // An Admin defines the queue and an attendant who serves it.
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Post, "/api/v1/queues", admin, new
            {
                code = "E2E",
                name = "End to end",
                numberPrefix = "E",
                slaSeconds = 600,
            })).StatusCode);
            var attendantPassword = "Attendant-pass-1234";
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Post, "/api/v1/users", admin, new
            {
                userName = "ana",
                password = attendantPassword,
                role = "Attendant",
                queues = new[] { "E2E" },
                defaultDesk = "D1",
                email = "ana@example.org",
                fullName = "Ana Attendant",
            })).StatusCode);
            var attendant = await SignInAsync(api, "ana", attendantPassword);

            // One request over REST (the Api publishes it), one straight to RabbitMQ as a partner system would.
            using var submitted = await SendAsync(api, HttpMethod.Post, "/api/v1/service-requests", token: null, new
            {
                queue = "E2E",
                channel = "web",
                customer = new { name = "Rest Customer" },
                priority = "normal",
            });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var restRequest = submitted.Headers.Location!.ToString().Split('/')[^1];
            var amqpRequest = "e2e-amqp-" + Guid.NewGuid().ToString("N")[..8];
            await PublishAsync(app, amqpRequest);

            var restWaiting = await WaitForStatusAsync(api, restRequest, "waiting");
            var amqpWaiting = await WaitForStatusAsync(api, amqpRequest, "waiting");
            Assert.Equal(["E-001", "E-002"], new[] { restWaiting.GetProperty("number").GetString(), amqpWaiting.GetProperty("number").GetString() }.Order());

            // The attendant serves both from the hub, with the .NET SignalR client (a refusal throws).
            await using var ana = await HubPeer.ConnectAsync(new Uri(Endpoint(app, "realtime"), "/hubs/queues"), attendant, "QueueEvent");
            await ana.InvokeAsync("Subscribe", "E2E");
            var served = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var called = await ana.InvokeAsync("CallNext", "E2E", "D1");
                var ticketId = called.GetProperty("id").GetString()!;
                await ana.InvokeAsync("StartService", ticketId);
                await ana.InvokeAsync("Complete", ticketId, "served");
                served.Add(called.GetProperty("number").GetString()!);
            }

            Assert.Equal(["E-001", "E-002"], served);
            Assert.Equal("completed", (await WaitForStatusAsync(api, restRequest, "completed")).GetProperty("status").GetString());
            Assert.Equal("completed", (await WaitForStatusAsync(api, amqpRequest, "completed")).GetProperty("status").GetString());

            // History and statistics reflect exactly that: two tickets served by ana, nothing else.
            var history = await WaitForAsync(
                () => GetAsync(api, "/api/v1/history?queue=E2E", admin),
                page => page.GetProperty("total").GetInt64() >= 2);
            Assert.Equal(2, history.GetProperty("total").GetInt64());
            var rows = history.GetProperty("items").EnumerateArray().ToList();
            Assert.All(rows, row => Assert.Equal("completed", row.GetProperty("outcome").GetString()));
            Assert.Equal(
                new[] { amqpRequest, restRequest }.Order(StringComparer.Ordinal),
                rows.Select(r => r.GetProperty("requestId").GetString()!).Order(StringComparer.Ordinal));
            var stats = await GetAsync(api, "/api/v1/stats/queues/E2E", admin);
            Assert.Equal(2, stats.GetProperty("served").GetInt64());
            Assert.Equal(0, stats.GetProperty("noShows").GetInt64());
            var perAttendant = Assert.Single(stats.GetProperty("attendants").EnumerateArray());
            Assert.Equal(2, perAttendant.GetProperty("served").GetInt64());

            // One trace runs from the Api's intake through RabbitMQ and the Consumer to the Broker.
            using var dashboard = await DashboardClient.SignInAsync(app.Dashboard!);
            var traces = await dashboard.WaitForAsync<List<TraceSummary>>(
                "/api/traces",
                list => list.Any(t => new[] { "api", "consumer", "broker" }.All(t.Services.Contains) && t.Name.Contains("service-requests", StringComparison.Ordinal)),
                Patience);
            var intake = traces.First(t => new[] { "api", "consumer", "broker" }.All(t.Services.Contains) && t.Name.Contains("service-requests", StringComparison.Ordinal));
            var detail = await dashboard.GetAsync<TraceDetail>($"/api/traces/{intake.TraceId}");
            Assert.Contains(detail.Spans, s => s.Service == "api" && s.Kind == "producer");
            Assert.Contains(detail.Spans, s => s.Service == "consumer" && s.Kind == "consumer");
            Assert.Contains(detail.Spans, s => s.Service == "broker" && s.Kind == "server" && s.Name.Contains("Enqueue", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static Uri Endpoint(DistributedApplication app, string project) =>
        app.GetResource<ProjectResource>(project).GetEndpoint("http")!.Url;

    private static async Task<string> SignInAsync(HttpClient api, string userName, string password)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient api, HttpMethod method, string path, string? token, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return api.SendAsync(request);
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    private static Task<JsonElement> WaitForStatusAsync(HttpClient api, string requestId, string status) =>
        WaitForAsync(
            async () =>
            {
                using var response = await api.GetAsync($"/api/v1/service-requests/{requestId}");
                return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            },
            body => body.TryGetProperty("status", out var s) && s.GetString() == status);

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }

    private static async Task PublishAsync(DistributedApplication app, string requestId)
    {
        var rabbit = app.GetResource<RabbitMQServerResource>("rabbitmq");
        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString!) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            requestId,
            queue = "E2E",
            channel = "partner",
            customer = new { name = "Amqp Customer" },
            priority = "normal",
            requestedAt = DateTimeOffset.UtcNow,
        }, Json);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = requestId,
            Type = "ServiceRequested",
        };
        await channel.BasicPublishAsync("servicequeue.requests", "request.E2E", mandatory: true, properties, body);
    }
}
