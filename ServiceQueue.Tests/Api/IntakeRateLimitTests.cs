extern alias api;
using System.Net;
using System.Net.Http.Json;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary>The per-address token buckets on the anonymous intake routes (docs/api.md, Intake).</summary>
public sealed class IntakeRateLimitTests
{
    // A refill this slow never happens within a test, so the bucket holds exactly its burst however slow the machine.
    private const string NoRefill = "01:00:00";

    [Fact]
    public async Task Submissions_beyond_the_burst_get_429_problem_details_with_retry_after_and_none_of_them_is_published()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Intake:SubmitBurstPerAddress"] = "3",
            ["Intake:SubmitRefillPerAddress"] = "1",
            ["Intake:RateLimitRefillPeriod"] = NoRefill,
        });
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), $"burst-{i}-{Guid.NewGuid():N}"))));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 10, TimeSpan.FromSeconds(3));

        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        var limited = responses.Where(r => r.StatusCode != HttpStatusCode.Accepted).ToList();
        Assert.Equal(3, accepted.Count);
        Assert.Equal(7, limited.Count);
        foreach (var response in limited)
        {
            var problem = await AuthApiTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.Contains("from this address", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After");
            Assert.Null(response.Headers.Location);
        }

        var acceptedIds = await Task.WhenAll(accepted.Select(async r => (await r.Content.ReadFromJsonAsync<ApiModel.ServiceRequestAccepted>())!.RequestId));
        Assert.Equal(acceptedIds.Order(StringComparer.Ordinal), published.Select(m => m.BasicProperties.MessageId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_submission_is_accepted_again_once_the_bucket_has_refilled()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Intake:SubmitBurstPerAddress"] = "2",
            ["Intake:SubmitRefillPerAddress"] = "1",
            ["Intake:RateLimitRefillPeriod"] = "00:00:05",
        });
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();

        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null))));
        var limited = burst.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited);
        await Task.Delay(limited.Headers.RetryAfter!.Delta!.Value);
        var later = await Eventually.ReadAsync(
            () => client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null)),
            r => r.StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(60));
        var acceptedCount = burst.Count(r => r.StatusCode == HttpStatusCode.Accepted) + 1;
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, acceptedCount + 1, TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.Equal(acceptedCount, published.Count);
    }

    [Fact]
    public async Task The_status_route_has_a_budget_of_its_own_so_polling_never_spends_submissions()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Intake:SubmitBurstPerAddress"] = "1",
            ["Intake:StatusBurstPerAddress"] = "2",
            ["Intake:RateLimitRefillPeriod"] = NoRefill,
        });
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();

        var polls = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            polls.Add(await client.GetAsync("/api/v1/service-requests/never-sent"));
        }

        var submitted = await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null));
        var again = await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], polls.Take(2).Select(r => r.StatusCode));
        await AuthApiTests.AssertProblemAsync(polls[2], HttpStatusCode.TooManyRequests);
        Assert.True(polls[2].Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await AuthApiTests.AssertProblemAsync(again, HttpStatusCode.TooManyRequests);
        Assert.Equal(1u, await probe.CountAsync(AmqpProbe.IntakeQueue));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_addresses_are_counted_apart_by_the_forwarded_address_only_where_forwarded_headers_are_enabled(bool behindProxy)
    {
        // As published (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true) every request comes from the Ingress and the
        // client it forwarded for is the one counted; without the switch X-Forwarded-For is anyone's and ignored.
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Intake:SubmitBurstPerAddress"] = "2",
            ["Intake:RateLimitRefillPeriod"] = NoRefill,
            ["ForwardedHeaders_Enabled"] = behindProxy ? "true" : null,
        });
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var kiosk = ClientFor(api, "203.0.113.10");
        using var partner = ClientFor(api, "203.0.113.20");

        var fromKiosk = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            fromKiosk.Add((await kiosk.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null))).StatusCode);
        }

        var fromPartner = await partner.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], fromKiosk);
        Assert.Equal(behindProxy ? HttpStatusCode.Accepted : HttpStatusCode.TooManyRequests, fromPartner.StatusCode);
        Assert.Equal(behindProxy ? 3u : 2u, await probe.CountAsync(AmqpProbe.IntakeQueue));

    }

    [Fact]
    public async Task IPv6_addresses_of_one_64_prefix_share_a_budget_and_another_prefix_has_its_own()
    {
        // One IPv6 client holds a whole /64 and can use a fresh address per request: counted per address,
        // it would never be limited.
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Intake:SubmitBurstPerAddress"] = "2",
            ["Intake:RateLimitRefillPeriod"] = NoRefill,
            ["ForwardedHeaders_Enabled"] = "true",
        });
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);

        var fromOnePrefix = new List<HttpStatusCode>();
        foreach (var address in new[] { "2001:db8:1:2::10", "2001:db8:1:2:aaaa::20", "2001:db8:1:2:ffff:1:2:3" })
        {
            using var client = ClientFor(api, address);
            fromOnePrefix.Add((await client.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null))).StatusCode);
        }

        using var neighbour = ClientFor(api, "2001:db8:1:3::10");
        var fromNeighbour = await neighbour.SendAsync(ServiceRequestsApiTests.Post(ServiceRequestsApiTests.Body("GEN"), null));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], fromOnePrefix);
        Assert.Equal(HttpStatusCode.Accepted, fromNeighbour.StatusCode);
        Assert.Equal(3u, await probe.CountAsync(AmqpProbe.IntakeQueue));
    }

    private static HttpClient ClientFor(ApiFactory api, string forwardedFor)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
