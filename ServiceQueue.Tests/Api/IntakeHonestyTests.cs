using System.Net;
using System.Text.Json;
using RabbitMQ.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Api;

/// <summary>Intake's answers under failure and overload (docs/api.md, Intake): a failure answer always names the request, and says whether it may have been accepted.</summary>
public sealed class IntakeHonestyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_request_sent_but_not_confirmed_in_time_gets_503_with_its_request_id_and_RabbitMQ_holds_it_under_that_id()
    {
        var direct = await (await TestServers.GetAsync()).CreateVirtualHostAsync();
        await using var relay = new TcpRelay("127.0.0.1", new Uri(direct).Port, open: true);
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = new UriBuilder(direct) { Port = relay.Port }.Uri.ToString(),
            ["Intake:PublishTimeout"] = "00:00:00.500",
            ["Intake:PublishChannels"] = "1",
        });
        await using var probe = await AmqpProbe.BindIntakeAsync(direct);
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), "warm-" + Guid.NewGuid().ToString("N")))).StatusCode);
        Assert.Single(await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 1, Patience));
        var key = "stalled-" + Guid.NewGuid().ToString("N");

        relay.IsStalled = true;
        var keyed = await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), key));
        var unkeyed = await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null));
        var held = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 2, Patience);
        relay.IsStalled = false;
        var repeat = await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), key));

        var keyedProblem = await AssertUnavailableAsync(keyed, accepted: null);
        var unkeyedProblem = await AssertUnavailableAsync(unkeyed, accepted: null);
        Assert.Equal(key, keyedProblem.GetProperty("requestId").GetString());
        Assert.Equal($"/api/v1/service-requests/{key}", keyedProblem.GetProperty("statusUrl").GetString());
        Assert.Equal(
            new[] { key, unkeyedProblem.GetProperty("requestId").GetString() }.Order(StringComparer.Ordinal),
            held.Select(m => m.BasicProperties.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
    }

    [Fact]
    public async Task A_request_that_never_reached_a_queue_gets_503_saying_it_was_not_accepted_with_its_request_id()
    {
        using var unreachable = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/",
        });
        using var unrouted = await ApiFactory.StartAsync();
        using var toNowhere = unreachable.CreateClient();
        using var toNoQueue = unrouted.CreateClient();

        var down = await toNowhere.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), "down-2"));
        var nowhere = await toNoQueue.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null));

        Assert.Equal("down-2", (await AssertUnavailableAsync(down, accepted: false)).GetProperty("requestId").GetString());
        Assert.False(string.IsNullOrEmpty((await AssertUnavailableAsync(nowhere, accepted: false)).GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task Under_many_parallel_clients_every_202_is_in_RabbitMQ_exactly_once_and_every_refusal_names_its_request()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Intake:SubmitBurstPerAddress"] = "100000",
            ["Intake:SubmitRefillPerAddress"] = "100000",
        });
        await using var probe = await AmqpProbe.OpenAsync(api.AmqpUri);
        // A queue that refuses (nacks) everything beyond 300 messages: overload RabbitMQ reports, not a slow machine.
        await probe.Channel.ExchangeDeclareAsync("servicequeue.requests", ExchangeType.Topic, durable: true, autoDelete: false);
        await probe.Channel.QueueDeclareAsync(AmqpProbe.IntakeQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 300, ["x-overflow"] = "reject-publish" });
        await probe.Channel.QueueBindAsync(AmqpProbe.IntakeQueue, "servicequeue.requests", "request.#");
        using var client = api.CreateClient();
        var run = Guid.NewGuid().ToString("N")[..8];

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async c =>
        {
            var mine = new List<(string Key, HttpResponseMessage Response)>();
            for (var i = 0; i < 20; i++)
            {
                var key = $"load-{run}-{c}-{i}";
                mine.Add((key, await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), key))));
            }

            return mine;
        }));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 640, TimeSpan.FromSeconds(5));

        var all = answers.SelectMany(a => a).ToList();
        var accepted = all.Where(a => a.Response.StatusCode == HttpStatusCode.Accepted).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var ids = published.Select(m => m.BasicProperties.MessageId!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(ids.ToHashSet(StringComparer.Ordinal), accepted);
        Assert.InRange(accepted.Count, 1, 300);
        Assert.Contains(all, a => a.Response.StatusCode != HttpStatusCode.Accepted);
        foreach (var (key, response) in all.Where(a => a.Response.StatusCode != HttpStatusCode.Accepted))
        {
            Assert.Equal(key, (await AssertUnavailableAsync(response, accepted: null)).GetProperty("requestId").GetString());
        }
    }

    [Fact]
    public async Task Concurrent_repeats_of_a_confirmed_Idempotency_Key_all_get_202_and_publish_nothing_while_another_body_under_it_gets_422()
    {
        using var api = await ApiFactory.StartAsync();
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();
        var key = "repeat-" + Guid.NewGuid().ToString("N");
        var requestedAt = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN", requestedAt), key))).StatusCode);

        var repeats = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body(i % 2 == 0 ? "GEN" : "OTHER", requestedAt), key))));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 2, TimeSpan.FromSeconds(3));

        Assert.All(repeats.Where((_, i) => i % 2 == 0), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.All(repeats.Where((_, i) => i % 2 == 1), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Single(published);
    }

    private static async Task<JsonElement> AssertUnavailableAsync(HttpResponseMessage response, bool? accepted)
    {
        var problem = await AuthApiTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without a Retry-After");
        Assert.Equal(accepted, problem.TryGetProperty("accepted", out var said) ? said.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => (bool?)null,
        } : null);
        return problem;
    }
}
