extern alias api;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary>Kiosk devices: enrolment by Admins, the device token's limits, and tickets once per tap (docs/api.md, Kiosks).</summary>
public sealed class KioskApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // No Consumer runs beside these Apis, so a ticket never appears: a short wait answers "pending" quickly.
    private static readonly Dictionary<string, string?> ShortWait = new() { ["Kiosk:IssueWait"] = "00:00:00.200" };

    [Fact]
    public async Task An_Admin_enrols_lists_changes_and_revokes_a_kiosk_each_audited_and_the_token_shown_once()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var first = await QueuesApiTests.CreateQueueAsync(admin);
        var second = await QueuesApiTests.CreateQueueAsync(admin);

        var enrolled = await KioskTestClient.EnrolAsync(admin, [first.ToLowerInvariant()], language: "pt-BR");
        var listed = await admin.GetFromJsonAsync<ApiModel.KioskResponse[]>("/api/v1/kiosks");
        var changed = await admin.PutAsJsonAsync($"/api/v1/kiosks/{enrolled.Id}", new { name = "Side door", queues = new[] { first, second }, language = "es" });
        var revoked = await admin.DeleteAsync($"/api/v1/kiosks/{enrolled.Id}");
        var after = await admin.GetFromJsonAsync<ApiModel.KioskResponse>($"/api/v1/kiosks/{enrolled.Id}");
        var missing = await admin.GetAsync($"/api/v1/kiosks/{Guid.NewGuid()}");

        Assert.Matches("^sqk_[A-Za-z0-9_-]{43}$", enrolled.Token);
        Assert.Equal(("Front door", "MAIN", "pt-BR", null), (enrolled.Name, enrolled.Branch, enrolled.Language, enrolled.RevokedAt));
        Assert.Equal([first], enrolled.Queues);
        var inList = Assert.Single(listed!, k => k.Id == enrolled.Id);
        Assert.Null(inList.Token);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var changedBody = (await changed.Content.ReadFromJsonAsync<ApiModel.KioskResponse>())!;
        Assert.Equal(("Side door", "es", null), (changedBody.Name, changedBody.Language, changedBody.Token));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), changedBody.Queues);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.NotNull(after!.RevokedAt);
        await AuthApiTests.AssertProblemAsync(missing, HttpStatusCode.NotFound);
        foreach (var action in new[] { "kiosk_enrolled", "kiosk_updated", "kiosk_revoked" })
        {
            Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString,
                "SELECT COUNT(*) FROM audit_log WHERE action = @action AND subject_type = 'kiosk' AND subject_id = @Id", new { action, enrolled.Id }));
        }

        // Neither the token nor anything from which it could be had is stored in the clear.
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString,
            "SELECT COUNT(*) FROM audit_log WHERE detail LIKE CONCAT('%', @Token, '%')", new { enrolled.Token }));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString,
            "SELECT COUNT(*) FROM kiosk_devices WHERE INSTR(token_hash, @Token) > 0 OR name LIKE CONCAT('%', @Token, '%')", new { enrolled.Token }));
    }

    [Fact]
    public async Task Enrolment_refuses_with_422_a_queue_the_branch_lacks_an_unknown_branch_and_a_bad_language()
    {
        using var api = await ApiFactory.StartAsync();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var queue = await QueuesApiTests.CreateQueueAsync(admin);

        var unknownQueue = await admin.PostAsJsonAsync("/api/v1/kiosks", new { name = "K", queues = new[] { "NOPE" } });
        var unknownBranch = await admin.PostAsJsonAsync("/api/v1/kiosks", new { name = "K", branch = "NOWHERE", queues = new[] { queue } });
        var badLanguage = await admin.PostAsJsonAsync("/api/v1/kiosks", new { name = "K", queues = new[] { queue }, language = "english please" });
        var noQueues = await admin.PostAsJsonAsync("/api/v1/kiosks", new { name = "", queues = Array.Empty<string>() });

        Assert.True((await AuthApiTests.AssertProblemAsync(unknownQueue, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("queues", out _));
        Assert.True((await AuthApiTests.AssertProblemAsync(unknownBranch, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("branch", out _));
        Assert.True((await AuthApiTests.AssertProblemAsync(badLanguage, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("language", out _));
        var errors = (await AuthApiTests.AssertProblemAsync(noQueues, HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("queues", out _));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM kiosk_devices"));
    }

    [Fact]
    public async Task A_revoked_device_token_is_refused_at_once_even_right_after_a_cached_success()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["Kiosk:TokenCacheTime"] = "00:00:05" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var queue = await QueuesApiTests.CreateQueueAsync(admin);
        var kiosk = await KioskTestClient.EnrolAsync(admin, [queue], language: "es");
        using var device = KioskTestClient.Device(api, kiosk.Token!);

        var before = await device.GetFromJsonAsync<ApiModel.KioskSelfResponse>("/api/v1/kiosk");
        (await admin.DeleteAsync($"/api/v1/kiosks/{kiosk.Id}")).EnsureSuccessStatusCode();
        var after = await device.GetAsync("/api/v1/kiosk");
        using var stranger = KioskTestClient.Device(api, "sqk_" + new string('A', 43));
        var unknown = await stranger.GetAsync("/api/v1/kiosk");

        Assert.Equal(new ApiModel.KioskSelfResponse(kiosk.Id, "Front door", "MAIN", "es"), before);
        await AuthApiTests.AssertProblemAsync(after, HttpStatusCode.Unauthorized);
        await AuthApiTests.AssertProblemAsync(unknown, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_queue_not_allowed_to_the_kiosk_is_403_and_nothing_is_published()
    {
        using var api = await ApiFactory.StartAsync(ShortWait);
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var allowed = await QueuesApiTests.CreateQueueAsync(admin);
        var other = await QueuesApiTests.CreateQueueAsync(admin);
        var kiosk = await KioskTestClient.EnrolAsync(admin, [allowed]);
        using var device = KioskTestClient.Device(api, kiosk.Token!);

        var response = await device.SendAsync(KioskTestClient.Tap(other, "tap-1"));

        await AuthApiTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await Task.Delay(500);
        Assert.Equal(0u, await probe.CountAsync(AmqpProbe.IntakeQueue));
    }

    [Fact]
    public async Task A_double_tap_and_a_retry_publish_one_request_and_answer_the_same_holder_token()
    {
        using var api = await ApiFactory.StartAsync(ShortWait);
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var queue = await QueuesApiTests.CreateQueueAsync(admin);
        var kiosk = await KioskTestClient.EnrolAsync(admin, [queue]);
        using var device = KioskTestClient.Device(api, kiosk.Token!);

        var taps = await Task.WhenAll(device.SendAsync(KioskTestClient.Tap(queue, "tap-1")), device.SendAsync(KioskTestClient.Tap(queue, "tap-1")));
        var retry = await device.SendAsync(KioskTestClient.Tap(queue, " tap-1".Trim()));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 3, TimeSpan.FromSeconds(3));

        var answers = new List<ApiModel.KioskTicketResponse>();
        foreach (var response in taps.Append(retry))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add((await response.Content.ReadFromJsonAsync<ApiModel.KioskTicketResponse>())!);
        }

        var token = answers[0].Token;
        Assert.True(TicketHolderToken.IsWellFormed(token));
        Assert.All(answers, answer => Assert.Equal(("pending", null, token, "/t/" + token, queue), (answer.Status, answer.Number, answer.Token, answer.TicketPath, answer.Queue)));
        // Two racing taps may both publish before either is confirmed; the request id is the same, so the Broker keeps one ticket.
        Assert.InRange(published.Count, 1, 2);
        var bodies = published.Select(message => JsonSerializer.Deserialize<JsonElement>(message.Body.Span)).ToList();
        Assert.Single(bodies.Select(body => body.GetProperty("requestId").GetString()).Distinct());
        var body = bodies[0];
        Assert.Equal(("kiosk", "normal", TicketHolderToken.Hash(token)),
            (body.GetProperty("channel").GetString(), body.GetProperty("priority").GetString(), body.GetProperty("holder").GetString()));
        Assert.StartsWith("k", body.GetProperty("requestId").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, System.Text.Encoding.UTF8.GetString(published[0].Body.Span), StringComparison.Ordinal);
        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM kiosk_tickets"));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString,
            "SELECT COUNT(*) FROM kiosk_tickets WHERE INSTR(holder_token, @token) > 0", new { token }));
        Assert.InRange(await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE action = 'kiosk_ticket_issued'"), 1, 2);
    }

    [Fact]
    public async Task A_sequential_repeat_publishes_nothing_more_and_the_same_key_with_another_body_is_409()
    {
        using var api = await ApiFactory.StartAsync(ShortWait);
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var queue = await QueuesApiTests.CreateQueueAsync(admin);
        var other = await QueuesApiTests.CreateQueueAsync(admin);
        var kiosk = await KioskTestClient.EnrolAsync(admin, [queue, other]);
        var second = await KioskTestClient.EnrolAsync(admin, [queue], name: "Second");
        using var device = KioskTestClient.Device(api, kiosk.Token!);
        using var secondDevice = KioskTestClient.Device(api, second.Token!);

        var first = await device.SendAsync(KioskTestClient.Tap(queue, "same"));
        var repeat = await device.SendAsync(KioskTestClient.Tap(queue, "same"));
        var otherBody = await device.SendAsync(KioskTestClient.Tap(other, "same"));
        // Another kiosk's same key is its own request.
        var elsewhere = await secondDevice.SendAsync(KioskTestClient.Tap(queue, "same"));
        var noKey = await device.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/kiosk/tickets") { Content = JsonContent.Create(new { queue }) });
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 3, TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<ApiModel.KioskTicketResponse>())!.Token, (await repeat.Content.ReadFromJsonAsync<ApiModel.KioskTicketResponse>())!.Token);
        await AuthApiTests.AssertProblemAsync(otherBody, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
        await AuthApiTests.AssertProblemAsync(noKey, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, published.Count);
        Assert.Equal(2, published.Select(message => message.BasicProperties.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_queue_asks_only_for_its_customer_fields_and_the_kiosk_lists_them_with_its_open_queues()
    {
        using var api = await ApiFactory.StartAsync(ShortWait);
        await using var probe = await AmqpProbe.BindIntakeAsync(api.AmqpUri);
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var named = QueueCodes.New();
        (await admin.PostAsJsonAsync("/api/v1/queues", new { code = named, name = "Named", numberPrefix = "N", customerFields = new[] { "phone", "NAME", "name" } })).EnsureSuccessStatusCode();
        var plain = await QueuesApiTests.CreateQueueAsync(admin);
        var closed = QueueCodes.New();
        (await admin.PostAsJsonAsync("/api/v1/queues", new { code = closed, name = "Closed", numberPrefix = "C", open = false })).EnsureSuccessStatusCode();
        var badFields = await admin.PostAsJsonAsync("/api/v1/queues", new { code = QueueCodes.New(), name = "Bad", numberPrefix = "B", customerFields = new[] { "email" } });
        var kiosk = await KioskTestClient.EnrolAsync(admin, [named, plain, closed]);
        using var device = KioskTestClient.Device(api, kiosk.Token!);

        var definition = await admin.GetFromJsonAsync<ApiModel.QueueLiveResponse>($"/api/v1/queues/{named}");
        var offered = (await device.GetFromJsonAsync<ApiModel.KioskQueueResponse[]>("/api/v1/kiosk/queues"))!;
        var withName = await device.SendAsync(KioskTestClient.Tap(named, "n-1", name: "  Ana Souza ", phone: "+55 11 5555-0000"));
        var nameNotAsked = await device.SendAsync(KioskTestClient.Tap(plain, "p-1", name: "Ana Souza"));
        var anonymous = await device.SendAsync(KioskTestClient.Tap(plain, "p-2"));
        var published = await probe.Channel.TakeAsync(AmqpProbe.IntakeQueue, 2, Patience);

        await AuthApiTests.AssertProblemAsync(badFields, HttpStatusCode.BadRequest);
        Assert.Equal(["name", "phone"], definition!.Definition.CustomerFields);
        Assert.Equal(new[] { named, plain }.Order(StringComparer.Ordinal), offered.Select(q => q.Code));
        var namedOffer = Assert.Single(offered, q => q.Code == named);
        Assert.Equal(("MAIN." + named, "Named"), (namedOffer.Address, namedOffer.Name));
        Assert.Equal(["name", "phone"], namedOffer.Fields);
        Assert.Empty(Assert.Single(offered, q => q.Code == plain).Fields);
        Assert.Equal(HttpStatusCode.Accepted, withName.StatusCode);
        Assert.True((await AuthApiTests.AssertProblemAsync(nameNotAsked, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.Accepted, anonymous.StatusCode);
        var bodies = published.Select(message => JsonSerializer.Deserialize<JsonElement>(message.Body.Span)).ToDictionary(body => body.GetProperty("queue").GetString()!);
        var customers = bodies.Where(body => body.Value.TryGetProperty("customer", out var customer) && customer.ValueKind != JsonValueKind.Null)
            .ToDictionary(body => body.Key, body => body.Value.GetProperty("customer"));
        Assert.Equal("Ana Souza", customers[named].GetProperty("name").GetString());
        Assert.Equal("+55 11 5555-0000", customers[named].GetProperty("phone").GetString());
        // A walk-in who typed nothing sends no customer at all.
        Assert.True(bodies.ContainsKey(plain));
        Assert.False(customers.ContainsKey(plain));
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains("Ana Souza", StringComparison.Ordinal) || line.Contains("5555-0000", StringComparison.Ordinal));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(api.ConnectionString, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Ana%' OR detail LIKE '%5555%'"));
    }

    [Fact]
    public async Task The_kiosk_routes_are_limited_per_device_with_429_problem_details_and_retry_after()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?>
        {
            ["Kiosk:BurstPerDevice"] = "3",
            ["Kiosk:RefillPerDevice"] = "1",
            ["Kiosk:RefillPeriod"] = "01:00:00",
        });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var queue = await QueuesApiTests.CreateQueueAsync(admin);
        var busy = await KioskTestClient.EnrolAsync(admin, [queue]);
        var quiet = await KioskTestClient.EnrolAsync(admin, [queue], name: "Quiet");
        using var device = KioskTestClient.Device(api, busy.Token!);
        using var other = KioskTestClient.Device(api, quiet.Token!);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await device.GetAsync("/api/v1/kiosk"));
        }

        var otherDevice = await other.GetAsync("/api/v1/kiosk");

        Assert.Equal([200, 200, 200, 429, 429], responses.Select(r => (int)r.StatusCode));
        var problem = await AuthApiTests.AssertProblemAsync(responses[^1], HttpStatusCode.TooManyRequests);
        Assert.Contains("from this kiosk", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(responses[^1].Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After");
        Assert.Equal(HttpStatusCode.OK, otherDevice.StatusCode);
    }
}
