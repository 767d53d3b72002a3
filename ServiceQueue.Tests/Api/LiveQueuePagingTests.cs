extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary><c>GET /queues/{code}?offset=&amp;limit=</c>: the live view one page at a time, with the totals.</summary>
public sealed class LiveQueuePagingTests
{
    [Fact]
    public async Task The_live_view_answers_the_asked_page_of_the_calling_order_with_the_totals()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var code = await QueuesApiTests.CreateQueueAsync(admin);
        var broker = (await TestServers.GetBrokerAsync()).CreateClient();
        for (var i = 1; i <= 7; i++)
        {
            await broker.EnqueueAsync(new EnqueueRequest
            {
                RequestId = $"{code}-{i}",
                Queue = code,
                Channel = Channel.Web,
                Customer = Google.Protobuf.ByteString.CopyFrom(1, 2, 3),
            }, deadline: BrokerCalls.Deadline());
        }

        var middle = await LiveAsync(admin, $"/api/v1/queues/{code}?offset=2&limit=3");
        var whole = await LiveAsync(admin, $"/api/v1/queues/{code}");
        var past = await LiveAsync(admin, $"/api/v1/queues/{code}?offset=10&limit=5");

        Assert.Equal([(3, "Q-003"), (4, "Q-004"), (5, "Q-005")], middle.Waiting.Select(t => (t.Position ?? 0, t.Number)));
        Assert.Equal((2, 3, 7, 0, 0), (middle.Offset, middle.Limit, middle.WaitingTotal, middle.ActiveTotal, middle.ParkedTotal));
        Assert.Equal(Enumerable.Range(1, 7), whole.Waiting.Select(t => t.Position ?? 0));
        Assert.Equal((0, 50, 7), (whole.Offset, whole.Limit, whole.WaitingTotal));
        Assert.Equal((0, 7), (past.Waiting.Count, past.WaitingTotal));
    }

    [Theory]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=first", "offset")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    public async Task A_bad_offset_or_limit_is_refused_with_a_problem_naming_it(string query, string field)
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var code = await QueuesApiTests.CreateQueueAsync(admin);

        var response = await admin.GetAsync($"/api/v1/queues/{code}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    private static async Task<ApiModel.QueueSnapshotResponse> LiveAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<ApiModel.QueueLiveResponse>(body, JsonSerializerOptions.Web)!.Live;
    }
}
