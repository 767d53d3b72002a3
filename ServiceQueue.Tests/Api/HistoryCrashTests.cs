using System.Collections.Concurrent;
using System.Diagnostics;
using MySqlConnector;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.ServiceDefaults;

namespace ServiceQueue.Tests.Api;

/// <summary>The Api as a real process (`dotnet ServiceQueue.Api.dll`), killed with SIGKILL while it writes history.</summary>
[Collection(HeavyTests.Name)]
public sealed class HistoryCrashTests
{
    private const int Tickets = 400;
    private const int Attendants = 4;
    private const int NoSuchTable = 1146;

    [Fact]
    public async Task History_is_written_exactly_once_per_ticket_when_the_api_is_killed_mid_stream_and_started_again()
    {
        await using var broker = await BrokerServer.StartAsync();
        var calls = broker.CreateClient();
        await calls.DefineQueueAsync("GEN");
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        var overrides = HistoryFollowerTests.Overrides(broker);
        // Small batches: many commits, so a kill lands between and inside them.
        overrides["History:BatchSize"] = "5";
        overrides["Logging:LogLevel:Default"] = "Warning";
        // The same settings every start, as a redeployed pod has: its own virtual host, keys and Broker.
        var environment = ApiFactory.ProcessEnvironment(await ApiFactory.SettingsAsync(database, overrides));
        environment["OTEL_SERVICE_NAME"] = "api";
        var output = new ConcurrentQueue<string>();
        var served = new ConcurrentBag<string>();
        var producer = Task.WhenAll(Enumerable.Range(0, Attendants).Select(a => Task.Run(async () =>
        {
            for (var i = a; i < Tickets; i += Attendants)
            {
                served.Add((await calls.ServeAsync("GEN", $"r{i}", $"att-{a}", $"D{a}")).Id);
            }
        })));

        var killedAt = new List<long>();
        try
        {
            foreach (var killAt in new[] { 40, 150, 260 })
            {
                using var api = StartApi(environment, output);
                await WaitUntilAsync(async () => await RowsAsync(database) >= killAt, api);
                api.Kill();
                await api.WaitForExitAsync();
                killedAt.Add(await RowsAsync(database));
                output.Enqueue($"--- killed with {killedAt[^1]} rows written ---");
            }

            await producer;
            using var last = StartApi(environment, output);
            await WaitUntilAsync(async () => await RowsAsync(database) >= Tickets, last);
            await Task.Delay(TimeSpan.FromSeconds(1));
            last.Kill();

            // The premise: the kills fell while history was still being written.
            Assert.Contains(killedAt, rows => rows < Tickets);

            var perTicket = await ApiDatabase.QueryAsync<(string TicketId, long Rows)>(database, "SELECT ticket_id, COUNT(*) FROM service_history GROUP BY ticket_id");
            Assert.All(perTicket, t => Assert.Equal(1, t.Rows));
            Assert.Equal(served.Order().ToList(), perTicket.Select(t => t.TicketId).Order().ToList());
            Assert.Equal(Tickets, await RowsAsync(database));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\nApi output:\n{string.Join('\n', output)}", ex);
        }
    }

    private static Process StartApi(IDictionary<string, string> environment, ConcurrentQueue<string> output)
    {
        var process = ServiceProcess.Start(new Projects.ServiceQueue_Api(), environment);
        // Read both pipes to the end, or a chatty process blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                output.Enqueue(line);
            }
        });
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                output.Enqueue(line);
            }
        });
        return process;
    }

    private static async Task<long> RowsAsync(string database)
    {
        try
        {
            return await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM service_history");
        }
        catch (MySqlException ex) when (ex.Number == NoSuchTable)
        {
            return 0;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Process api)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        while (!await condition())
        {
            Assert.False(api.HasExited, $"The Api exited with {(api.HasExited ? api.ExitCode : 0)}.");
            await Task.Delay(20, timeout.Token);
        }
    }
}
