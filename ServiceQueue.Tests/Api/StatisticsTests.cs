using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Row = ServiceQueue.Tests.Api.HistoryFixture.Row;

namespace ServiceQueue.Tests.Api;

public sealed class StatisticsTests
{
    private static readonly Dictionary<string, string?> WithoutFollower = new() { ["History:Enabled"] = "false" };

    [Fact]
    public async Task Queue_statistics_match_figures_computed_by_hand()
    {
        using var api = await ApiFactory.StartAsync(WithoutFollower);
        await ApiDatabase.ExecuteAsync(api.ConnectionString, """
            INSERT INTO queue_definitions (code, name, prefix, is_open, priority_run, sla_seconds, created_at, updated_at)
            VALUES ('STAT', 'Statistics', 'S', 1, 2, 300, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """);
        var t = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        DateTimeOffset At(int minutes, int seconds = 0) => t.AddMinutes(minutes).AddSeconds(seconds);
        await HistoryFixture.InsertAsync(
            api.ConnectionString,
            // queue, outcome, entered, called, started, finished, attendant, quoted wait, transferred from
            new Row("STAT", "completed", At(0), At(1), At(1, 30), At(6, 30), "A", Quoted: 90), // wait 60, service 300
            new Row("STAT", "completed", At(0), At(3), At(3), At(5), "A", Quoted: 120), // wait 180, service 120
            new Row("STAT", "completed", At(10), At(20), At(20), At(30), "B", Quoted: 300), // wait 600, service 600
            new Row("STAT", "no_show", At(10), At(12), null, At(17), "B", Quoted: 60), // wait 120
            new Row("STAT", "completed", At(30), At(34), At(35), At(39), "B"), // wait 240, service 240, no quote
            new Row("STAT", "removed", At(40), null, null, At(50), Quoted: 100), // never called: no wait
            new Row("STAT", "cancelled", At(41), null, null, At(44), Quoted: 100), // the customer withdrew on the ticket page
            new Row("STAT", "transferred", At(40), null, null, At(45)),
            new Row("STAT", "completed", At(60), At(65), At(65), At(70), "A", From: "OTHER"), // wait 300, service 300
            new Row("STAT", "completed", At(0), At(1000), At(1000), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), "A"), // finished at 'to': outside
            new Row("OTHER", "completed", At(0), At(1), At(1), At(2), "A"));
        var supervisor = await api.CreateUserAsync("Supervisor");
        using var client = api.ClientWith(api.TokenFor(supervisor));

        using var response = await client.GetAsync("/api/v1/stats/queues/STAT?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Served: the five completed rows in range. No-shows 1, removed 1 (by staff), cancelled by the customer 1, transferred out 1.
        Assert.Equal((5, 1, 1, 1, 1), (Int(body, "served"), Int(body, "noShows"), Int(body, "removed"), Int(body, "cancelledByCustomer"), Int(body, "transferredOut")));

        // Waits of called tickets (served and no-show), sorted: 60 120 180 240 300 600.
        // Average 1500 / 6 = 250. Max 600. PERCENTILE_CONT at p(n-1) (0-based) with n = 6:
        // p50 at 2.5 -> 180 + 0.5 x (240 - 180) = 210; p90 at 4.5 -> 300 + 0.5 x (600 - 300) = 450.
        var wait = body.GetProperty("wait");
        Assert.Equal((6, 250.0, 210.0, 450.0, 600.0), (Int(wait, "count"), Num(wait, "average"), Num(wait, "p50"), Num(wait, "p90"), Num(wait, "max")));

        // Service (start to finish) of the completed: 300 120 600 240 300 -> 1560 / 5 = 312.
        Assert.Equal(312.0, Num(body, "averageServiceSeconds"));

        // SLA 300 s: completed waits 60 180 600 240 300 -> four of five within (300 counts) = 0.8.
        Assert.Equal((300, 0.8), (Int(body, "slaSeconds"), Num(body, "servedWithinSlaShare")));

        // Quoted vs actual, for called tickets quoted in this queue: (90, 60) (120, 180) (300, 600) (60, 120).
        // Errors quoted - actual: +30 -60 -300 -60. MAE = 450 / 4 = 112.5; mean error = -390 / 4 = -97.5.
        var accuracy = body.GetProperty("estimateAccuracy");
        Assert.Equal((4, 112.5, -97.5), (Int(accuracy, "samples"), Num(accuracy, "meanAbsoluteErrorSeconds"), Num(accuracy, "meanErrorSeconds")));

        // A: served 3 (service 300 120 300 -> 240; waits 60 180 300 -> 180).
        // B: served 2, no-show 1 (service 600 240 -> 420; waits 600 120 240 -> 320).
        var attendants = body.GetProperty("attendants").EnumerateArray()
            .Select(a => (a.GetProperty("attendantId").GetString(), Int(a, "served"), Int(a, "noShows"), Num(a, "averageServiceSeconds"), Num(a, "averageWaitSeconds")))
            .ToList();
        Assert.Equal([("A", 3, 0, 240.0, 180.0), ("B", 2, 1, 420.0, 320.0)], attendants);
    }

    [Fact]
    public async Task Statistics_of_an_unknown_queue_are_not_found_and_bad_parameters_are_named()
    {
        using var api = await ApiFactory.StartAsync(WithoutFollower);
        using var client = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));

        using var unknown = await client.GetAsync("/api/v1/stats/queues/NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var bad = await client.GetAsync("/api/v1/stats/queues/bad%20code?from=yesterday&to=2026-01-01T00:00:00");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["code", "from", "to"], errors.EnumerateObject().Select(e => e.Name).Order());

        using var tooLong = await client.GetAsync("/api/v1/stats/queues/GEN?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static double Num(JsonElement element, string name) => element.GetProperty(name).GetDouble();
}
