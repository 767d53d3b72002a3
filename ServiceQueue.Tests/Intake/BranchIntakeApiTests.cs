extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceQueue.Tests.Api;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Api.ServiceRequestsApiTests;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Intake;

/// <summary><c>POST /service-requests</c> with a branch: the branch's routing key, the ticket in that branch, and the branch as part of the request.</summary>
public sealed class BranchIntakeApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_for_a_branch_is_published_with_the_branchs_key_and_becomes_a_ticket_of_that_branch()
    {
        await using var rig = await IntakeRig.StartAsync();
        var code = QueueCodes.New();
        await rig.UpsertQueueAsync(code);
        await rig.UpsertQueueAsync(code, branch: "NORTH");
        await using var probe = await AmqpProbe.BindIntakeAsync(rig.AmqpUri);
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = rig.AmqpUri,
            ["services:broker:grpc:0"] = rig.BrokerGrpc.ToString(),
        });
        using var client = api.CreateClient();
        var north = "n-" + Guid.NewGuid().ToString("N");
        var main = "m-" + Guid.NewGuid().ToString("N");

        var accepted = await client.SendAsync(Post(BranchBody(code.ToLowerInvariant(), " north"), north));
        var toNorth = Assert.Single(await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 1, Patience));
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Post(Body(code), main))).StatusCode);
        var toMain = Assert.Single(await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 1, Patience));
        var northStatus = await Eventually.ReadAsync(() => StatusOfAsync(client, north), s => s.Status == "waiting", Patience);
        var mainStatus = await Eventually.ReadAsync(() => StatusOfAsync(client, main), s => s.Status == "waiting", Patience);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"request.NORTH.{code}", toNorth.RoutingKey);
        Assert.Equal("NORTH", JsonSerializer.Deserialize<JsonElement>(toNorth.Body.Span).GetProperty("branch").GetString());
        // The default branch's request reads as it did before branches: the bare key, no branch in the body.
        Assert.Equal($"request.{code}", toMain.RoutingKey);
        Assert.False(JsonSerializer.Deserialize<JsonElement>(toMain.Body.Span).TryGetProperty("branch", out _));
        Assert.Equal(("NORTH", code, 1), (northStatus.Branch, northStatus.Queue, northStatus.Position));
        Assert.Equal(("MAIN", code, 1), (mainStatus.Branch, mainStatus.Queue, mainStatus.Position));
        Assert.Equal([north], (await rig.GetQueueAsync(code, "NORTH")).Waiting.Select(w => w.Ticket.RequestId));
        Assert.Equal([main], (await rig.GetQueueAsync(code)).Waiting.Select(w => w.Ticket.RequestId));
    }

    [Fact]
    public async Task The_branch_is_part_of_an_idempotent_request_and_a_malformed_one_is_refused_before_anything_is_published()
    {
        using var api = await ApiFactory.StartAsync();
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();
        var key = "b-" + Guid.NewGuid().ToString("N");
        var requestedAt = DateTimeOffset.UtcNow;

        var first = await client.SendAsync(Post(BranchBody("GEN", "NORTH", requestedAt), key));
        var repeat = await client.SendAsync(Post(BranchBody("GEN", "NORTH", requestedAt), key));
        var otherBranch = await client.SendAsync(Post(BranchBody("GEN", "SOUTH", requestedAt), key));
        var malformed = await client.SendAsync(Post(BranchBody("GEN", "NORTH.EAST"), "b-" + Guid.NewGuid().ToString("N")));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 2, TimeSpan.FromSeconds(3));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBranch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(["branch"], (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal("request.NORTH.GEN", Assert.Single(published).RoutingKey);
    }

    private static async Task<ApiModel.ServiceRequestStatus> StatusOfAsync(HttpClient client, string requestId)
    {
        using var response = await client.GetAsync($"/api/v1/service-requests/{requestId}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ApiModel.ServiceRequestStatus>())!;
    }

    private static object BranchBody(string queue, string branch, DateTimeOffset? requestedAt = null) => new
    {
        queue,
        branch,
        channel = "kiosk",
        customer = new { name = "Ana Souza", document = "123.456.789-00" },
        priority = "normal",
        requestedAt,
    };
}
