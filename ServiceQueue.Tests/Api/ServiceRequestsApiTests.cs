extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

public sealed class ServiceRequestsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_is_accepted_only_once_RabbitMQ_holds_it_persistent_with_its_properties()
    {
        using var api = await ApiFactory.StartAsync();
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();
        var key = "kiosk-" + Guid.NewGuid().ToString("N");

        var response = await client.SendAsync(Post(Body("gen"), key));
        var message = Assert.Single(await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 1, Patience));
        var generated = await client.PostAsJsonAsync("/api/v1/service-requests", Body("GEN"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/service-requests/{key}", response.Headers.Location?.OriginalString);
        Assert.Equal(key, (await response.Content.ReadFromJsonAsync<ApiModel.ServiceRequestAccepted>())!.RequestId);
        Assert.Equal("request.GEN", message.RoutingKey);
        Assert.Equal(("application/json", key, "ServiceRequested", RabbitMQ.Client.DeliveryModes.Persistent),
            (message.BasicProperties.ContentType, message.BasicProperties.MessageId, message.BasicProperties.Type, message.BasicProperties.DeliveryMode));
        var body = JsonSerializer.Deserialize<JsonElement>(message.Body.Span);
        Assert.Equal(key, body.GetProperty("requestId").GetString());
        Assert.Equal("GEN", body.GetProperty("queue").GetString());
        Assert.Equal("Ana Souza", body.GetProperty("customer").GetProperty("name").GetString());
        Assert.True(body.TryGetProperty("requestedAt", out _));
        Assert.Equal(HttpStatusCode.Accepted, generated.StatusCode);
        var generatedId = (await generated.Content.ReadFromJsonAsync<ApiModel.ServiceRequestAccepted>())!.RequestId;
        Assert.Equal($"/api/v1/service-requests/{generatedId}", generated.Headers.Location?.OriginalString);
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains("Ana Souza", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_RabbitMQ_cannot_take_gets_503_whether_the_server_is_unreachable_or_no_queue_would_hold_it()
    {
        using var unreachable = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/",
        });
        using var unrouted = await ApiFactory.StartAsync();
        using var toNowhere = unreachable.CreateClient();
        using var toNoQueue = unrouted.CreateClient();

        var down = await toNowhere.SendAsync(Post(Body("GEN"), "down-1"));
        var nowhere = await toNoQueue.SendAsync(Post(Body("GEN"), "nowhere-1"));

        foreach (var response in new[] { down, nowhere })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task A_deleted_virtual_host_turns_intake_into_503_instead_of_a_false_202()
    {
        using var api = await ApiFactory.StartAsync();
        await using (var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri))
        {
            using var warm = api.CreateClient();
            Assert.Equal(HttpStatusCode.Accepted, (await warm.SendAsync(Post(Body("GEN"), "before-1"))).StatusCode);
        }

        var vhost = Uri.UnescapeDataString(new Uri(api.AmqpUri).AbsolutePath.TrimStart('/'));
        using (var management = (await TestServers.GetAsync()).RabbitMq.ManagementClient())
        {
            (await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}")).EnsureSuccessStatusCode();
        }

        using var client = api.CreateClient();
        var after = await client.SendAsync(Post(Body("GEN"), "after-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }

    [Fact]
    public async Task A_repeated_Idempotency_Key_gets_the_same_202_without_a_second_message_and_a_reused_one_is_refused()
    {
        using var api = await ApiFactory.StartAsync();
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();
        var key = "web-" + Guid.NewGuid().ToString("N");
        var requestedAt = DateTimeOffset.UtcNow;

        var first = await client.SendAsync(Post(Body("GEN", requestedAt), key));
        var repeat = await client.SendAsync(Post(Body("GEN", requestedAt), key));
        var reused = await client.SendAsync(Post(Body("OTHER", requestedAt), key));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 2, TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Single(published);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_field_by_field_before_anything_is_published()
    {
        using var api = await ApiFactory.StartAsync();
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var client = api.CreateClient();

        var response = await client.SendAsync(Post(
            new { queue = "not a queue", channel = "fax", priority = "urgent", customer = new { name = " ", phone = new string('9', 40) }, notes = new string('n', 501), requestedAt = DateTimeOffset.UtcNow.AddHours(1) },
            "has spaces"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["Idempotency-Key", "channel", "customer.name", "customer.phone", "notes", "priority", "queue", "requestedAt"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0u, await probe.CountAsync(AmqpProbe.IntakeQueue));
    }

    [Fact]
    public async Task The_status_follows_a_request_from_pending_through_waiting_called_serving_to_completed_without_personal_data()
    {
        await using var rig = await IntakeRig.StartAsync();
        var code = QueueCodes.New();
        await rig.UpsertQueueAsync(code);
        using var api = await StartApiOverAsync(rig);
        using var client = api.CreateClient();
        var key = "m-" + Guid.NewGuid().ToString("N");

        var unknown = await StatusAsync(client, "never-sent");
        var accepted = await client.SendAsync(Post(Body(code), key));
        var waiting = await Eventually.ReadAsync(() => StatusAsync(client, key), s => s.Status != "pending", Patience);
        var called = (await rig.Broker.CallNextAsync(code, "att-1", "desk-7"))!;
        var asCalled = await StatusAsync(client, key);
        await rig.Broker.StartServiceAsync(called.Id, "att-1");
        var asServing = await StatusAsync(client, key);
        await rig.Broker.CompleteAsync(called.Id, "att-1");
        using var completedResponse = await client.GetAsync($"/api/v1/service-requests/{key}");
        var completedText = await completedResponse.Content.ReadAsStringAsync();
        var completed = JsonSerializer.Deserialize<ApiModel.ServiceRequestStatus>(completedText, JsonSerializerOptions.Web)!;

        Assert.Equal("pending", unknown.Status);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(("waiting", code, $"{code[..1]}-001", 1), (waiting.Status, waiting.Queue, waiting.Number, waiting.Position));
        Assert.NotNull(waiting.EstimatedWaitSeconds);
        Assert.Equal(("called", "desk-7"), (asCalled.Status, asCalled.Desk));
        Assert.Equal(("serving", "desk-7"), (asServing.Status, asServing.Desk));
        Assert.Equal(("completed", (int?)null), (completed.Status, completed.Position));
        Assert.DoesNotContain("Ana Souza", completedText, StringComparison.Ordinal);
        Assert.DoesNotContain("customer", completedText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_status_of_a_parked_a_no_show_and_a_removed_ticket_says_so_and_removal_carries_its_reason()
    {
        await using var rig = await IntakeRig.StartAsync();
        var code = QueueCodes.New();
        await rig.UpsertQueueAsync(code);
        using var api = await StartApiOverAsync(rig);
        using var client = api.CreateClient();
        var absent = "ns-" + Guid.NewGuid().ToString("N");
        var removed = "rm-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Post(Body(code), absent))).StatusCode);
        await Eventually.ReadAsync(() => StatusAsync(client, absent), s => s.Status == "waiting", Patience);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Post(Body(code), removed))).StatusCode);
        var waiting = await Eventually.ReadAsync(() => StatusAsync(client, removed), s => s.Status == "waiting", Patience);

        var called = (await rig.Broker.CallNextAsync(code, "att-1", "desk-1"))!;
        await rig.Broker.NoShowAsync(called.Id, "att-1");
        var ticket = (await rig.GetTicketAsync(removed))!;
        await rig.Broker.ParkAsync(ticket.Id, "sup-1");
        var parked = await StatusAsync(client, removed);
        await rig.Broker.RemoveAsync(ticket.Id, "left the office", "sup-1");

        Assert.Equal(2, waiting.Position);
        Assert.Equal("no_show", (await StatusAsync(client, absent)).Status);
        Assert.Equal("parked", parked.Status);
        var gone = await StatusAsync(client, removed);
        Assert.Equal(("removed", "left the office"), (gone.Status, gone.Reason));
    }

    [Fact]
    public async Task A_request_the_Consumer_rejects_reads_rejected_with_the_reason_from_its_request_rejected_event()
    {
        await using var rig = await IntakeRig.StartAsync();
        using var api = await StartApiOverAsync(rig);
        await using var probe = await AmqpProbe.OpenAsync(rig.AmqpUri);
        Assert.True(await probe.WaitForQueueAsync("servicequeue.api.rejections", Patience), "the Api never declared its rejections queue");
        using var client = api.CreateClient();
        var key = "r-" + Guid.NewGuid().ToString("N");

        var accepted = await client.SendAsync(Post(Body(QueueCodes.New()), key));
        var status = await Eventually.ReadAsync(() => StatusAsync(client, key), s => s.Status == "rejected", Patience);
        var rows = await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM rejected_requests WHERE request_id = @key", new { key });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(("rejected", "unknown_queue"), (status.Status, status.Reason));
        Assert.False(string.IsNullOrEmpty(status.Detail));
        Assert.Equal(1L, rows);
        Assert.Equal(("MAIN", "MAIN"), (status.Branch, await ApiDatabase.ScalarAsync<string>(api.ConnectionString, "SELECT branch_code FROM rejected_requests WHERE request_id = @key", new { key })));

        // A request for another branch is filed under that branch when it is rejected.
        var northKey = "r-" + Guid.NewGuid().ToString("N");
        (await client.SendAsync(Post(new { queue = QueueCodes.New(), branch = "NORTH", channel = "kiosk", customer = new { name = "Rui" }, priority = "normal" }, northKey))).EnsureSuccessStatusCode();
        var north = await Eventually.ReadAsync(() => StatusAsync(client, northKey), s => s.Status == "rejected", Patience);
        Assert.Equal(("unknown_queue", "NORTH"), (north.Reason, north.Branch));
        Assert.Equal(0u, await probe.CountAsync("servicequeue.api.rejections"));
    }

    /// <summary>An Api publishing into <paramref name="rig"/>'s virtual host and reading its Broker.</summary>
    private static Task<ApiFactory> StartApiOverAsync(IntakeRig rig) => ApiFactory.StartAsync(rig.ApiSettings());

    private static async Task<ApiModel.ServiceRequestStatus> StatusAsync(HttpClient client, string requestId)
    {
        using var response = await client.GetAsync($"/api/v1/service-requests/{requestId}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ApiModel.ServiceRequestStatus>())!;
    }

    internal static HttpRequestMessage Post(object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/service-requests") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    internal static object Body(string queue, DateTimeOffset? requestedAt = null) => new
    {
        queue,
        channel = "kiosk",
        customer = new { name = "Ana Souza", document = "123.456.789-00", phone = "+55 11 99999-0000" },
        priority = "normal",
        requestedAt,
    };
}
