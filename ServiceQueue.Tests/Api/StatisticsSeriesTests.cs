using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Row = ServiceQueue.Tests.Api.HistoryFixture.Row;

namespace ServiceQueue.Tests.Api;

/// <summary>The time series and the wait distribution the statistics page draws, against figures worked out by hand.</summary>
public sealed class StatisticsSeriesTests
{
    private static readonly Dictionary<string, string?> WithoutFollower = new() { ["History:Enabled"] = "false" };

    private static readonly DateTimeOffset Nine = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute) => Nine.AddHours(hour - 9).AddMinutes(minute);

    /// <summary>A queue with a 300 s SLA and three hours of history, 09:00 to 12:00 UTC on 2026-01-01; 10:00-11:00 has nothing finishing.</summary>
    private static async Task SeedAsync(ApiFactory api)
    {
        await ApiDatabase.ExecuteAsync(api.ConnectionString, """
            INSERT INTO queue_definitions (code, name, prefix, is_open, priority_run, sla_seconds, created_at, updated_at)
            VALUES ('SER', 'Series', 'S', 1, 2, 300, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """);
        await HistoryFixture.InsertAsync(
            api.ConnectionString,
            // queue, outcome, entered, called, started, finished, attendant, quoted wait, transferred from
            new Row("SER", "completed", At(9, 0), At(9, 1), At(9, 1), At(9, 6), "A", Quoted: 90), // wait 60, error +30
            new Row("SER", "completed", At(9, 10), At(9, 20), At(9, 20), At(9, 30), "A", Quoted: 300), // wait 600, error -300
            new Row("SER", "no_show", At(9, 30), At(9, 32), null, At(9, 37), "B", Quoted: 60), // wait 120, error -60
            new Row("SER", "removed", At(9, 40), null, null, At(9, 50)),
            new Row("SER", "completed", At(8, 50), At(9, 0), At(9, 0), At(9, 5), "B"), // entered before 'from'; wait 600
            new Row("SER", "completed", At(10, 50), At(10, 55), At(10, 55), At(11, 5), "A", From: "OTHER"), // wait 300: within the SLA
            new Row("SER", "no_show", At(10, 0), At(11, 10), null, At(11, 40), "B"), // wait 4200 (70 minutes)
            new Row("SER", "cancelled", At(11, 10), null, null, At(11, 15)),
            new Row("SER", "transferred", At(11, 20), null, null, At(11, 25)),
            new Row("SER", "completed", At(11, 30), At(11, 58), At(11, 58), At(12, 10), "A"), // finished at 12:10: an arrival only
            new Row("OTHER", "completed", At(9, 0), At(9, 1), At(9, 1), At(9, 2), "A"));
    }

    [Fact]
    public async Task The_hourly_series_matches_figures_computed_by_hand_with_every_empty_hour_present()
    {
        using var api = await ApiFactory.StartAsync(WithoutFollower);
        await SeedAsync(api);
        using var client = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/stats/queues/ser/series?from=2026-01-01T09:00:00Z&to=2026-01-01T12:00:00Z&bucket=hour");

        Assert.Equal(("MAIN", "SER", "hour", 300), (Text(body, "branch"), Text(body, "queue"), Text(body, "bucket"), Int(body, "slaSeconds")));
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["2026-01-01T09:00:00+00:00", "2026-01-01T10:00:00+00:00", "2026-01-01T11:00:00+00:00"], points.Select(p => Text(p, "start")));

        // 09:00: entered 09:00, 09:10, 09:30, 09:40 (08:50 is before 'from'). Finished: served 3 (waits 60, 600, 600), a no-show
        // (wait 120) and a removal. Within 300 s: one of three served. Average wait of the called (60 + 600 + 120 + 600) / 4 = 345.
        // Quotes for the three quoted: errors +30 -300 -60: mean -330 / 3 = -110, absolute 390 / 3 = 130.
        Assert.Equal((4L, 3L, 1L, 1L, 0L, 0L, 1L), Counts(points[0]));
        Assert.Equal(1.0 / 3, Num(points[0], "withinSlaShare")!.Value, 6);
        Assert.Equal((345.0, 3L, -110.0, 130.0), (Num(points[0], "averageWaitSeconds"), Long(points[0], "estimateSamples"), Num(points[0], "estimateMeanErrorSeconds"), Num(points[0], "estimateMeanAbsoluteErrorSeconds")));

        // 10:00: two entered (10:00, 10:50), nothing finished: zeros, and no share, average or error to give.
        Assert.Equal((2L, 0L, 0L, 0L, 0L, 0L, 0L), Counts(points[1]));
        Assert.Equal((null, null, 0L, null, null), (Num(points[1], "withinSlaShare"), Num(points[1], "averageWaitSeconds"), Long(points[1], "estimateSamples"), Num(points[1], "estimateMeanErrorSeconds"), Num(points[1], "estimateMeanAbsoluteErrorSeconds")));

        // 11:00: entered 11:10, 11:20, 11:30. Finished: served 1 (wait 300, within), a no-show (wait 4200), a cancellation, a transfer out;
        // the one finished at 12:10 is outside. Average wait (300 + 4200) / 2 = 2250; no quote in this queue.
        Assert.Equal((3L, 1L, 1L, 0L, 1L, 1L, 1L), Counts(points[2]));
        Assert.Equal((1.0, 2250.0, 0L), (Num(points[2], "withinSlaShare"), Num(points[2], "averageWaitSeconds"), Long(points[2], "estimateSamples")));
    }

    [Fact]
    public async Task Day_buckets_count_from_the_given_start_and_the_last_one_is_cut_at_the_end()
    {
        using var api = await ApiFactory.StartAsync(WithoutFollower);
        await SeedAsync(api);
        using var client = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));

        // Days from 2025-12-31T10:00Z: the first runs to 2026-01-01T10:00Z, the second is cut short at 11:00.
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/stats/queues/SER/series?from=2025-12-31T10:00:00Z&to=2026-01-01T11:00:00Z&bucket=day");
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["2025-12-31T10:00:00+00:00", "2026-01-01T10:00:00+00:00"], points.Select(p => Text(p, "start")));
        // Entered 08:50, 09:00, 09:10, 09:30, 09:40 and finished by 10:00 the five of the 09:00 hour; then entered 10:00 and 10:50.
        Assert.Equal((5L, 3L, 1L, 1L, 0L, 0L, 1L), Counts(points[0]));
        Assert.Equal((2L, 0L, 0L, 0L, 0L, 0L, 0L), Counts(points[1]));
    }

    [Fact]
    public async Task The_wait_distribution_counts_each_called_ticket_in_its_band()
    {
        using var api = await ApiFactory.StartAsync(WithoutFollower);
        await SeedAsync(api);
        using var client = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/stats/queues/SER/wait-distribution?from=2026-01-01T09:00:00Z&to=2026-01-01T12:00:00Z");

        // Called and finished in range: waits 60 (1-2 min: a band's lower bound is in it), 600 and 600 (10-15), 120 (2-5),
        // 300 (5-10), 4200 (60 and more). Removed, cancelled and transferred tickets were never called.
        Assert.Equal((6, 300), (Int(body, "count"), Int(body, "slaSeconds")));
        var bands = body.GetProperty("bands").EnumerateArray()
            .Select(b => (Int(b, "fromMinutes"), b.GetProperty("toMinutes").ValueKind == JsonValueKind.Null ? (int?)null : Int(b, "toMinutes"), Int(b, "count")))
            .ToList();
        Assert.Equal(
            [(0, 1, 0), (1, 2, 1), (2, 5, 1), (5, 10, 1), (10, 15, 2), (15, 20, 0), (20, 30, 0), (30, 45, 0), (45, 60, 0), (60, null, 1)],
            bands);
    }

    [Fact]
    public async Task Bad_parameters_are_named_and_unknown_or_other_branch_queues_are_not_found()
    {
        using var api = await ApiFactory.StartAsync(WithoutFollower);
        await SeedAsync(api);
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        (await admin.PostAsJsonAsync("/api/v1/branches", new { code = "OTHER", name = "Other office", timeZone = "UTC" })).EnsureSuccessStatusCode();
        using var client = api.ClientWith(api.TokenFor(await api.CreateUserAsync("Supervisor")));

        using var bad = await client.GetAsync("/api/v1/stats/queues/bad%20code/series?from=yesterday&bucket=week");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["bucket", "code", "from"], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        // 40 days of hours is 960 buckets, over the cap; the same range in days is fine.
        using var tooMany = await client.GetAsync("/api/v1/stats/queues/SER/series?from=2026-01-01T00:00:00Z&to=2026-02-10T00:00:00Z&bucket=hour");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("bucket", out _));
        using var days = await client.GetAsync("/api/v1/stats/queues/SER/series?from=2026-01-01T00:00:00Z&to=2026-02-10T00:00:00Z&bucket=day");
        Assert.Equal(40, (await days.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("points").GetArrayLength());

        using var backwards = await client.GetAsync("/api/v1/stats/queues/SER/wait-distribution?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);

        foreach (var path in new[]
        {
            "/api/v1/stats/queues/NOPE/series", "/api/v1/stats/queues/NOPE/wait-distribution",
            "/api/v1/branches/OTHER/stats/queues/SER/series", "/api/v1/branches/OTHER/stats/queues/SER/wait-distribution",
        })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static (long Arrivals, long Served, long NoShows, long Removed, long Cancelled, long Transferred, long? WithinSla) Counts(JsonElement point) => (
        Long(point, "arrivals"), Long(point, "served"), Long(point, "noShows"), Long(point, "removed"), Long(point, "cancelledByCustomer"), Long(point, "transferredOut"),
        Long(point, "servedWithinSla"));

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static long Long(JsonElement element, string name) => element.GetProperty(name).GetInt64();

    private static double? Num(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;
}
