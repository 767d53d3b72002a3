extern alias api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;
using HistoryWriter = api::ServiceQueue.Api.History.HistoryWriter;
using V1 = api::ServiceQueue.Broker.V1;
using V1Client = ServiceQueue.Broker.V1;

namespace ServiceQueue.Tests.Api;

/// <summary>The Api following a Broker of the test's own (own key prefix) into its own database.</summary>
public sealed class HistoryFollowerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Finished_tickets_become_history_once_each_a_transfer_keeps_the_chain_and_supervisor_moves_are_audited()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        await calls.DefineQueueAsync("CASH");
        await calls.DefineQueueAsync("INFO");
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        var api = await StartApiAsync(database, broker);

        var served = await calls.ServeAsync("GEN", "served", "att-1", "D1");
        // Served in part at GEN, called at CASH, served and completed at INFO.
        var moving = await calls.EnqueueAsync("GEN", "moving");
        await calls.CallTicketAsync(moving.Id, "att-2", "D2");
        await calls.StartServiceAsync(moving.Id, "att-2");
        await calls.TransferAsync(moving.Id, "CASH", "att-2");
        await calls.CallTicketAsync(moving.Id, "att-3", "D3");
        await calls.TransferAsync(moving.Id, "INFO", "att-3");
        await calls.CallTicketAsync(moving.Id, "att-4", "D4");
        await calls.StartServiceAsync(moving.Id, "att-4");
        await calls.CompleteAsync(moving.Id, "att-4");
        var absent = await calls.EnqueueAsync("GEN", "absent");
        await calls.CallTicketAsync(absent.Id, "att-1", "D1");
        await calls.NoShowAsync(absent.Id, "att-1");
        var removed = await calls.EnqueueAsync("GEN", "removed");
        var jumper = await calls.EnqueueAsync("GEN", "jumper");
        await calls.MoveAsync(jumper.Id, 1, "sup-1");
        await calls.RemoveAsync(removed.Id, "left the office", "sup-1");
        // The customer's own "I no longer need this" on the ticket page: an outcome of its own.
        var withdrawn = await calls.EnqueueAsync("GEN", "withdrawn");
        await calls.RemoveAsync(withdrawn.Id, "customer_cancelled", "customer");
        await WaitForRowsAsync(database, 7);

        using var supervisor = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));
        var gen = await EntriesAsync(supervisor, "/api/v1/history?queue=GEN");
        Assert.Equal(
            [(served.Id, "completed", "att-1"), (moving.Id, "transferred", "att-2"), (absent.Id, "no_show", "att-1"), (removed.Id, "removed", null), (withdrawn.Id, "cancelled", null)],
            gen.OrderBy(e => e.GetProperty("finishedAt").GetDateTimeOffset())
                .Select(e => (e.GetProperty("ticketId").GetString()!, e.GetProperty("outcome").GetString()!, e.GetProperty("attendantId").GetString())));
        var left = gen.Single(e => e.GetProperty("ticketId").GetString() == moving.Id);
        var cash = Assert.Single(await EntriesAsync(supervisor, "/api/v1/history?queue=CASH"));
        var info = Assert.Single(await EntriesAsync(supervisor, "/api/v1/history?queue=INFO"));
        Assert.Equal((moving.Id, "transferred", "att-3", "GEN"), Summary(cash));
        Assert.Equal((moving.Id, "completed", "att-4", "CASH"), Summary(info));
        Assert.Equal(JsonValueKind.Null, left.GetProperty("transferredFromQueue").ValueKind);
        // Each segment starts when the one before it ended, so each queue's wait is its own, and keeps
        // who held the ticket there, at which desk, and when it was called and served.
        Assert.Equal(left.GetProperty("finishedAt").GetDateTimeOffset(), cash.GetProperty("enqueuedAt").GetDateTimeOffset());
        Assert.Equal(cash.GetProperty("finishedAt").GetDateTimeOffset(), info.GetProperty("enqueuedAt").GetDateTimeOffset());
        JsonElement[] chain = [left, cash, info];
        Assert.Equal(["D2", "D3", "D4"], chain.Select(e => e.GetProperty("desk").GetString()));
        Assert.Equal([true, false, true], chain.Select(e => e.GetProperty("startedAt").ValueKind != JsonValueKind.Null));
        Assert.All(chain, segment => Assert.InRange(
            segment.GetProperty("calledAt").GetDateTimeOffset(),
            segment.GetProperty("enqueuedAt").GetDateTimeOffset(),
            segment.GetProperty("finishedAt").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Null, cash.GetProperty("quotedWaitSeconds").ValueKind);
        Assert.Equal(served.QuotedEstimate.Expected.ToTimeSpan().TotalSeconds, gen.Single(e => e.GetProperty("ticketId").GetString() == served.Id).GetProperty("quotedWaitSeconds").GetDouble());

        // A restart replays from the stored cursor: nothing is written twice, and what follows is written once.
        var settings = api.Settings;
        await api.DisposeAsync();
        await calls.CallTicketAsync(jumper.Id, "att-1", "D1");
        await calls.NoShowAsync(jumper.Id, "att-1");
        api = await StartApiAsync(database, broker, settings);
        await WaitForRowsAsync(database, 8);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(8, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM service_history"));
        Assert.Equal(0, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM (SELECT ticket_id, queue_code FROM service_history GROUP BY ticket_id, queue_code HAVING COUNT(*) > 1) AS twice"));

        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var moved = Assert.Single(await EntriesAsync(admin, "/api/v1/audit?action=ticket_moved"));
        Assert.Equal(("sup-1", jumper.Id), (moved.GetProperty("actorId").GetString(), moved.GetProperty("subjectId").GetString()));
        var removal = Assert.Single(await EntriesAsync(admin, "/api/v1/audit?action=ticket_removed&actor=sup-1"));
        Assert.Contains("reason=left the office", removal.GetProperty("detail").GetString());
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Two_api_replicas_following_together_write_each_ticket_and_each_move_once()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        await using var first = await StartApiAsync(database, broker);
        await using var second = await StartApiAsync(database, broker);

        var tickets = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            tickets.Add((await calls.ServeAsync("GEN", $"r{i}", $"att-{i % 3}", $"D{i % 3}")).Id);
            if (i % 10 == 0)
            {
                var waiting = await calls.EnqueueAsync("GEN", $"w{i}");
                await calls.MoveAsync(waiting.Id, 1, "sup");
                await calls.RemoveAsync(waiting.Id, "test", "sup");
            }
        }

        await WaitForRowsAsync(database, 66);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var perTicket = await ApiDatabase.QueryAsync<(string TicketId, long Rows)>(database, "SELECT ticket_id, COUNT(*) FROM service_history GROUP BY ticket_id");
        Assert.Equal(66, perTicket.Count);
        Assert.All(perTicket, t => Assert.Equal(1, t.Rows));
        Assert.Subset(perTicket.Select(t => t.TicketId).ToHashSet(), tickets.ToHashSet());
        Assert.Equal(6, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM audit_log WHERE action = 'ticket_moved'"));
        Assert.Equal(6, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM audit_log WHERE action = 'ticket_removed'"));
    }

    [Fact]
    public async Task An_expired_cursor_is_audited_as_a_gap_and_history_continues_from_the_oldest_event()
    {
        await using var broker = await BrokerServer.StartAsync(settings: new Dictionary<string, string> { ["Broker__EventRetention"] = "10" });
        var calls = broker.CreateClient();
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        using (var migrate = await ApiFactory.CreateAsync(database, Overrides(broker, follow: false)))
        {
            migrate.StartServer();
        }

        for (var i = 0; i < 300; i++)
        {
            await calls.DefineQueueAsync("GEN");
        }

        await ApiDatabase.ExecuteAsync(database, "INSERT INTO history_cursor (follower, event_cursor, updated_at) VALUES ('history', '5', UTC_TIMESTAMP(6))");
        await using var api = await StartApiAsync(database, broker);
        var served = await calls.ServeAsync("GEN", "after-gap", "att-1", "D1");
        await WaitForRowsAsync(database, 1);

        var gap = Assert.Single(await ApiDatabase.QueryAsync<(string SubjectId, string Detail)>(database, "SELECT subject_id, detail FROM audit_log WHERE action = 'history_gap'"));
        var bounds = gap.SubjectId.Split('-').Select(ulong.Parse).ToArray();
        Assert.Equal(6UL, bounds[0]);
        Assert.InRange(bounds[1], 6UL, 299UL);
        Assert.StartsWith($"events 6 to {bounds[1]} ", gap.Detail);
        Assert.Equal(served.Id, await ApiDatabase.ScalarAsync<string>(database, "SELECT ticket_id FROM service_history"));
        Assert.True(await ApiDatabase.ScalarAsync<ulong>(database, "SELECT CAST(event_cursor AS UNSIGNED) FROM history_cursor") >= 304);
    }

    [Fact]
    public async Task The_follower_reconnects_when_the_broker_restarts_and_continues_from_its_cursor()
    {
        // The same port and key prefix: the Broker comes back where the Api expects it, with the same stream.
        var settings = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Broker__KeyPrefix"] = TestServers.CreateKeyPrefix(),
        };
        BrokerServer? broker = await BrokerServer.StartAsync(settings: settings);
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        try
        {
            await using var api = await StartApiAsync(database, broker);
            var calls = broker.CreateClient();
            await calls.DefineQueueAsync("GEN");
            for (var i = 0; i < 5; i++)
            {
                await calls.ServeAsync("GEN", $"before{i}", "att-1", "D1");
            }

            await WaitForRowsAsync(database, 5);
            await broker.DisposeAsync();
            broker = null;
            await Task.Delay(TimeSpan.FromSeconds(2));
            broker = await BrokerServer.StartAsync(settings: settings);
            calls = broker.CreateClient();
            for (var i = 0; i < 5; i++)
            {
                await calls.ServeAsync("GEN", $"after{i}", "att-1", "D1");
            }

            await WaitForRowsAsync(database, 10);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(10, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(DISTINCT ticket_id) FROM service_history"));
            Assert.Equal(10, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM service_history"));
            Assert.Equal(0, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'history_%'"));
        }
        finally
        {
            if (broker is not null)
            {
                await broker.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task History_and_audit_parameters_are_validated_with_field_errors()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);

        using var history = await admin.GetAsync("/api/v1/history?queue=no%20such&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&page=0&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, history.StatusCode);
        var errors = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["page", "pageSize", "queue", "to"], errors.EnumerateObject().Select(e => e.Name).Order());

        using var audit = await admin.GetAsync("/api/v1/audit?from=2026-13-01T00:00:00Z&page=x");
        Assert.Equal(HttpStatusCode.BadRequest, audit.StatusCode);
        Assert.Equal(["from", "page"], (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        // The bootstrap Admin's creation and this login are audited; paging splits them.
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?pageSize=1&page=2");
        Assert.Equal((2, 1), (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()));
        Assert.True(page.GetProperty("total").GetInt64() >= 2);
        Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Transfers_from_a_Broker_that_sends_no_ticket_before_still_chain_their_segments()
    {
        await using var broker = await BrokerServer.StartAsync();
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        await using var api = await ApiFactory.CreateAsync(database, Overrides(broker, follow: false));
        api.StartServer();
        var writer = api.Services.GetRequiredService<HistoryWriter>();
        await writer.ReadCursorAsync(CancellationToken.None);

        // What such a Broker streams: after each transfer only the ticket waiting in its new queue.
        var t0 = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        V1.Ticket Waiting(string queue, string from, int transfers, DateTimeOffset since) => new()
        {
            Id = "legacy-1",
            RequestId = "legacy-req",
            Queue = queue,
            Number = "A-7",
            State = V1.TicketState.Waiting,
            EnqueuedAt = Timestamp.FromDateTimeOffset(t0),
            WaitingSince = Timestamp.FromDateTimeOffset(since),
            TransferredFrom = from,
            TransferCount = transfers,
        };
        V1.QueueEvent Event(ulong cursor, V1.EventType type, string queue, V1.Ticket ticket, DateTimeOffset at, string actor) => new()
        {
            Cursor = cursor,
            Type = type,
            Queue = queue,
            Ticket = ticket,
            OccurredAt = Timestamp.FromDateTimeOffset(at),
            TargetQueue = type == V1.EventType.Transferred ? ticket.Queue : "",
            Actor = actor,
        };
        var completed = Waiting("INFO", "CASH", 2, t0.AddMinutes(20));
        completed.State = V1.TicketState.Completed;
        completed.CalledAt = Timestamp.FromDateTimeOffset(t0.AddMinutes(25));
        completed.ServingAt = Timestamp.FromDateTimeOffset(t0.AddMinutes(26));
        completed.EndedAt = Timestamp.FromDateTimeOffset(t0.AddMinutes(30));
        (completed.Attendant, completed.Desk) = ("att-4", "D4");
        await writer.WriteAsync(
            [
                new V1.WatchResponse { Event = Event(1, V1.EventType.Transferred, "GEN", Waiting("CASH", "GEN", 1, t0.AddMinutes(10)), t0.AddMinutes(10), "att-2") },
                new V1.WatchResponse { Event = Event(2, V1.EventType.Transferred, "CASH", Waiting("INFO", "CASH", 2, t0.AddMinutes(20)), t0.AddMinutes(20), "att-3") },
                new V1.WatchResponse { Event = Event(3, V1.EventType.Completed, "INFO", completed, t0.AddMinutes(30), "att-4") },
            ],
            CancellationToken.None);

        var rows = await ApiDatabase.QueryAsync<(string Queue, string Outcome, DateTime Enqueued, DateTime Finished, string? Attendant, string? From)>(
            database,
            "SELECT queue_code, outcome, enqueued_at, finished_at, attendant_name, transferred_from_queue FROM service_history ORDER BY finished_at");
        Assert.Equal(
            [
                ("GEN", "transferred", t0.UtcDateTime, t0.AddMinutes(10).UtcDateTime, "att-2", null),
                ("CASH", "transferred", t0.AddMinutes(10).UtcDateTime, t0.AddMinutes(20).UtcDateTime, "att-3", "GEN"),
                ("INFO", "completed", t0.AddMinutes(20).UtcDateTime, t0.AddMinutes(30).UtcDateTime, "att-4", "CASH"),
            ],
            rows.Select(r => (r.Queue, r.Outcome, r.Enqueued, r.Finished, r.Attendant, r.From)));
    }

    [Fact]
    public async Task Presence_changes_between_ticket_events_add_no_ticket_history_and_the_follower_moves_past_them()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        await using var api = await StartApiAsync(database, broker);

        await calls.SignInAsync(new V1Client.SignInRequest { Attendant = "att-1", Desk = "D1", Queues = { "GEN" } }, deadline: BrokerCalls.Deadline());
        var first = await calls.ServeAsync("GEN", "first", "att-1", "D1");
        await calls.PauseAsync(new V1Client.PauseRequest { Attendant = "att-1", Reason = "break" }, deadline: BrokerCalls.Deadline());
        await calls.UnpauseAsync(new V1Client.UnpauseRequest { Attendant = "att-1" }, deadline: BrokerCalls.Deadline());
        var second = await calls.ServeAsync("GEN", "second", "att-1", "D1");
        await calls.SignOutAsync(new V1Client.SignOutRequest { Attendant = "att-1" }, deadline: BrokerCalls.Deadline());
        var last = (await calls.GetQueueAsync("GEN")).Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var stored = await Eventually.ReadAsync(
            () => ApiDatabase.ScalarAsync<string>(database, "SELECT event_cursor FROM history_cursor"), cursor => cursor == last, Patience);
        Assert.Equal(last, stored);
        var rows = await ApiDatabase.QueryAsync<(string Ticket, string Outcome)>(database, "SELECT ticket_id, outcome FROM service_history ORDER BY finished_at");
        Assert.Equal([(first.Id, "completed"), (second.Id, "completed")], rows.Select(r => (r.Ticket, r.Outcome)));
    }

    internal static Dictionary<string, string?> Overrides(BrokerServer broker, bool follow = true) => new()
    {
        ["services:broker:grpc:0"] = broker.GrpcAddress.ToString(),
        ["History:Enabled"] = follow ? "true" : "false",
        ["History:MinReconnectDelay"] = "00:00:00.100",
        ["History:MaxReconnectDelay"] = "00:00:01",
    };

    /// <summary>An Api following <paramref name="broker"/>; with <paramref name="previous"/>, the same keys and Admin as an earlier one.</summary>
    private static async Task<ApiFactory> StartApiAsync(string database, BrokerServer broker, IReadOnlyDictionary<string, string?>? previous = null)
    {
        var api = await ApiFactory.CreateAsync(database, previous ?? Overrides(broker));
        api.StartServer();
        return api;
    }

    internal static async Task WaitForRowsAsync(string database, long rows)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM service_history") < rows)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static (string?, string?, string?, string?) Summary(JsonElement entry) => (
        entry.GetProperty("ticketId").GetString(),
        entry.GetProperty("outcome").GetString(),
        entry.GetProperty("attendantId").GetString(),
        entry.GetProperty("transferredFromQueue").GetString());

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient client, string path)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(path);
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
