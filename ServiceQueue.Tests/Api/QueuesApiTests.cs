extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

public sealed class QueuesApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Admin_creates_and_changes_a_queue_that_is_stored_pushed_to_the_Broker_and_audited()
    {
        using var api = await ApiFactory.StartAsync();
        var session = await api.LoginAsAdminAsync();
        using var admin = api.ClientWith(session.AccessToken);
        var broker = (await TestServers.GetBrokerAsync()).CreateClient();
        var code = QueueCodes.New();

        var created = await admin.PostAsJsonAsync("/api/v1/queues", new { code = code.ToLowerInvariant(), name = "General", numberPrefix = "g", priorityRun = 3, slaSeconds = 900, timeZone = "Europe/Lisbon" });
        var afterCreate = await GetBrokerQueueAsync(broker, code);
        var updated = await admin.PutAsJsonAsync($"/api/v1/queues/{code}", new { name = "General (closed)", numberPrefix = "G", open = false, maxSize = 50 });
        var afterUpdate = await GetBrokerQueueAsync(broker, code);
        var listed = await admin.GetFromJsonAsync<ApiModel.QueueResponse[]>("/api/v1/queues");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/queues/{code}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("General", "G", true, 3, "Europe/Lisbon", 900.0), (afterCreate.Name, afterCreate.NumberPrefix, afterCreate.Open, afterCreate.PriorityRun, afterCreate.TimeZone, afterCreate.SlaTarget.ToTimeSpan().TotalSeconds));
        Assert.Equal(("General (closed)", false, 50, 2, "UTC"), (afterUpdate.Name, afterUpdate.Open, afterUpdate.MaxSize, afterUpdate.PriorityRun, afterUpdate.TimeZone));
        var stored = Assert.Single(listed!, q => q.Code == code);
        Assert.Equal(("General (closed)", false, 50, "MAIN"), (stored.Name, stored.Open, stored.MaxSize, stored.Branch));
        var audit = await ApiDatabase.QueryAsync<(string Action, string ActorId)>(api.ConnectionString,
            "SELECT action, actor_id FROM audit_log WHERE subject_type = 'queue' AND subject_id = @code ORDER BY id", new { code });
        var adminId = new JsonWebToken(session.AccessToken).Subject;
        Assert.Equal([("queue_created", adminId), ("queue_updated", adminId)], audit);
    }

    [Fact]
    public async Task An_invalid_definition_is_refused_field_by_field_and_a_duplicate_or_unknown_code_is_named()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var code = QueueCodes.New();

        var invalid = await admin.PostAsJsonAsync("/api/v1/queues", new { code = "no spaces!", name = "", numberPrefix = "TOOLONG", priorityRun = 0, maxSize = -1, recallLimit = 101, timeZone = "Mars/Olympus_Mons" });
        var first = await admin.PostAsJsonAsync("/api/v1/queues", new { code, name = "A", numberPrefix = "A" });
        var duplicate = await admin.PostAsJsonAsync("/api/v1/queues", new { code, name = "A again", numberPrefix = "A" });
        var unknown = await admin.PutAsJsonAsync($"/api/v1/queues/{QueueCodes.New()}", new { name = "B", numberPrefix = "B" });
        var renamed = await admin.PutAsJsonAsync($"/api/v1/queues/{code}", new { code = "OTHER", name = "A", numberPrefix = "A" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["code", "maxSize", "name", "numberPrefix", "priorityRun", "recallLimit", "timeZone"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
    }

    [Fact]
    public async Task A_change_the_Broker_cannot_take_is_refused_with_503_and_not_stored_while_the_Api_stays_alive()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["services:broker:grpc:0"] = $"http://127.0.0.1:{FreePort.Next()}" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var code = QueueCodes.New();

        var alive = await admin.GetAsync("/alive");
        var refused = await admin.PostAsJsonAsync("/api/v1/queues", new { code, name = "Lost", numberPrefix = "L" });
        var listed = await admin.GetFromJsonAsync<ApiModel.QueueResponse[]>("/api/v1/queues");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(listed!, q => q.Code == code);
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE subject_id = @code", new { code }));
    }

    [Fact]
    public async Task A_definition_in_MySQL_that_the_Broker_lacks_is_pushed_when_the_Api_starts()
    {
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        var code = QueueCodes.New();
        using (var first = await ApiFactory.CreateAsync(database))
        {
            first.StartServer();
        }

        // Written behind the Api's back, as a restore or a failed push would leave it.
        await ApiDatabase.ExecuteAsync(database,
            """
            INSERT INTO queue_definitions (code, name, prefix, is_open, priority_run, created_at, updated_at, time_zone, recall_limit, recall_min_interval_seconds)
            VALUES (@code, 'Restored', 'R', 1, 4, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'UTC', 1, 30)
            """,
            new { code });
        await using var broker = await BrokerServer.StartAsync();
        var grpc = broker.CreateClient();
        Assert.Null(await TryGetBrokerQueueAsync(grpc, code));

        using var second = await ApiFactory.CreateAsync(database, new Dictionary<string, string?> { ["services:broker:grpc:0"] = broker.GrpcAddress.ToString() });
        second.StartServer();
        var pushed = await Eventually.ReadAsync(() => TryGetBrokerQueueAsync(grpc, code), q => q is not null, Patience);

        Assert.NotNull(pushed);
        Assert.Equal(("Restored", "R", 4, 1, 30.0), (pushed.Name, pushed.NumberPrefix, pushed.PriorityRun, pushed.RecallLimit, pushed.RecallMinInterval.ToTimeSpan().TotalSeconds));
    }

    [Fact]
    public async Task The_live_view_shows_the_snapshot_and_the_customer_name_only_to_those_who_serve_the_queue()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var code = QueueCodes.New();
        (await admin.PostAsJsonAsync("/api/v1/queues", new { code, name = "Live", numberPrefix = "V" })).EnsureSuccessStatusCode();
        var broker = (await TestServers.GetBrokerAsync()).CreateClient();
        var encryptor = api.Services.GetRequiredService<FieldEncryptor>();
        foreach (var requestId in new[] { $"{code}-1", $"{code}-2" })
        {
            await broker.EnqueueAsync(new EnqueueRequest
            {
                RequestId = requestId,
                Queue = code,
                Channel = Channel.Kiosk,
                Customer = Google.Protobuf.ByteString.CopyFrom(encryptor.Encrypt(
                    Encoding.UTF8.GetBytes("""{"name":"Maria Customer","document":"DOC-SECRET-77","notes":"needs the ramp"}"""), Encoding.UTF8.GetBytes(requestId))),
            }, deadline: BrokerCalls.Deadline());
        }

        var server = await api.CreateUserAsync("Attendant", [code]);
        var other = await api.CreateUserAsync("Attendant", ["ELSEWHERE"]);
        var supervisor = await api.CreateUserAsync("Supervisor");

        var asServer = await ViewAsync(api, (await api.LoginAsync(server.UserName, server.Password)).AccessToken, code);
        var asOther = await ViewAsync(api, (await api.LoginAsync(other.UserName, other.Password)).AccessToken, code);
        var asSupervisor = await ViewAsync(api, api.TokenFor(supervisor), code);
        var unknown = await admin.GetAsync($"/api/v1/queues/{QueueCodes.New()}");

        Assert.Equal(code, asServer.Definition.Code);
        Assert.True(asServer.Live.Known);
        Assert.Equal([(1, "V-001"), (2, "V-002")], asServer.Live.Waiting.Select(t => (t.Position ?? 0, t.Number)));
        Assert.All(asServer.Live.Waiting, t => Assert.Equal(("Maria Customer", "needs the ramp"), (t.CustomerName, t.Notes)));
        Assert.All(asSupervisor.Live.Waiting, t => Assert.Equal(("Maria Customer", "needs the ramp"), (t.CustomerName, t.Notes)));
        Assert.All(asOther.Live.Waiting, t => Assert.Equal((null, null), (t.CustomerName, t.Notes)));
        Assert.Equal(2, asOther.Live.Waiting.Count);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A new queue, created through the Api by an Admin client; returns its code.</summary>
    /// <summary>A new queue with a fresh code, in the default branch or in <paramref name="branch"/>.</summary>
    internal static async Task<string> CreateQueueAsync(HttpClient admin, string? code = null, string? branch = null)
    {
        code ??= QueueCodes.New();
        var path = branch is null ? "/api/v1/queues" : $"/api/v1/branches/{branch}/queues";
        (await admin.PostAsJsonAsync(path, new { code, name = $"Queue {code}", numberPrefix = "Q" })).EnsureSuccessStatusCode();
        return code;
    }

    private static async Task<ApiModel.QueueLiveResponse> ViewAsync(ApiFactory api, string token, string code)
    {
        using var client = api.ClientWith(token);
        var response = await client.GetAsync($"/api/v1/queues/{code}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.DoesNotContain("DOC-SECRET-77", body, StringComparison.Ordinal);
        return JsonSerializer.Deserialize<ApiModel.QueueLiveResponse>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task<QueueDefinition> GetBrokerQueueAsync(QueueBroker.QueueBrokerClient broker, string code) =>
        (await TryGetBrokerQueueAsync(broker, code)) ?? throw new InvalidOperationException($"The Broker does not know {code}.");

    private static async Task<QueueDefinition?> TryGetBrokerQueueAsync(QueueBroker.QueueBrokerClient broker, string code)
    {
        try
        {
            return (await broker.GetQueueAsync(new GetQueueRequest { Code = code }, deadline: BrokerCalls.Deadline())).Definition;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

}
