using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Api;

public sealed class HistoryPersonalDataTests
{
    [Fact]
    public async Task A_customers_name_never_reaches_the_logs_of_a_full_flow_through_history_statistics_and_audit()
    {
        const string Name = "Custódio Marques Fonseca";
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        await calls.DefineQueueAsync("CASH");
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        using var api = await ApiFactory.CreateAsync(database, HistoryFollowerTests.Overrides(broker));
        api.StartServer();
        var encryptor = api.Services.GetRequiredService<FieldEncryptor>();
        byte[] Customer(string requestId) => encryptor.Encrypt($$"""{"name":"{{Name}}","phone":"+351 912 345 678"}""", $"customer/{requestId}");

        // Served; transferred and served elsewhere; no-show; moved and removed by a supervisor.
        var served = await calls.EnqueueAsync("GEN", "p1", Customer("p1"));
        await calls.CallTicketAsync(served.Id, "att-1", "D1");
        await calls.StartServiceAsync(served.Id, "att-1");
        await calls.CompleteAsync(served.Id, "att-1");
        var transferred = await calls.EnqueueAsync("GEN", "p2", Customer("p2"));
        await calls.TransferAsync(transferred.Id, "CASH", "att-1");
        await calls.CallTicketAsync(transferred.Id, "att-2", "D2");
        await calls.NoShowAsync(transferred.Id, "att-2");
        var removed = await calls.EnqueueAsync("GEN", "p3", Customer("p3"));
        await calls.MoveAsync(removed.Id, 1, "sup-1");
        await calls.RemoveAsync(removed.Id, "duplicate visit", "sup-1");
        await HistoryFollowerTests.WaitForRowsAsync(database, 4);

        var supervisor = await api.CreateUserAsync("Supervisor", fullName: Name);
        using var client = api.ClientWith(api.TokenFor(supervisor));
        (await client.GetAsync("/api/v1/history?queue=GEN")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/v1/stats/queues/GEN")).EnsureSuccessStatusCode();
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var audit = await admin.GetStringAsync("/api/v1/audit");
        var history = await client.GetStringAsync("/api/v1/history");

        Assert.NotEmpty(api.Logs.Lines);
        foreach (var fragment in new[] { "Fonseca", "Custódio", "912 345 678" })
        {
            Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(fragment, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(fragment, broker.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(fragment, audit, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(fragment, history, StringComparison.OrdinalIgnoreCase);
        }

        // Nor is it stored in the history: only the Broker held the (sealed) customer data.
        var stored = await ApiDatabase.QueryAsync<string>(database, "SELECT CONCAT_WS('|', ticket_id, request_id, number, attendant_name, desk) FROM service_history");
        Assert.Equal(4, stored.Count);
        Assert.DoesNotContain(stored, row => row.Contains("Fonseca", StringComparison.Ordinal));
    }
}
