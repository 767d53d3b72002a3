using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ServiceQueue.Tests.Api;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Infrastructure;
using Row = ServiceQueue.Tests.Api.HistoryFixture.Row;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The statistics page in Chromium: a supervisor signs in through the Api and sees every chart of a queue with history, each with a
/// heading, a summary and a data table holding the Api's figures, and a CSV of exactly those figures.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class StatisticsBrowserTests
{
    // UTC-3 all year: the page's days are this browser's, three hours behind the Api's UTC.
    private const string Zone = "America/Sao_Paulo";

    private static readonly string[] Charts = ["arrivals", "waits", "sla", "accuracy", "serving", "utilisation", "outcomes"];

    [Fact]
    public async Task A_supervisor_sees_every_chart_with_the_Api_s_figures_in_its_data_table_and_downloads_them_as_CSV()
    {
        await using var site = await StartSiteAsync();
        var offset = TimeSpan.FromHours(-3);
        var today = DateTimeOffset.UtcNow.ToOffset(offset).Date;
        var yesterday = await SeedAsync(site, today, offset);
        var supervisor = await site.Api.CreateUserAsync("Supervisor");

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 900, timezoneId: Zone);
        var seriesResponse = await SignInAsync(page, site, supervisor);

        // The last seven days of the browser's calendar, from its local midnight, one bucket a day.
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(seriesResponse.Url).Query);
        Assert.Equal((new DateTimeOffset(today.AddDays(-6), offset), new DateTimeOffset(today.AddDays(1), offset), "day"), (DateTimeOffset.Parse(query["from"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(query["to"]!, System.Globalization.CultureInfo.InvariantCulture), query["bucket"]));
        var range = $"from={Uri.EscapeDataString(query["from"]!)}&to={Uri.EscapeDataString(query["to"]!)}";
        using var api = site.Api.ClientWith(site.Api.TokenFor(supervisor));
        var series = await api.GetFromJsonAsync<JsonElement>($"/api/v1/branches/MAIN/stats/queues/CHART/series?{range}&bucket=day");
        var distribution = await api.GetFromJsonAsync<JsonElement>($"/api/v1/branches/MAIN/stats/queues/CHART/wait-distribution?{range}");

        // Every chart: a heading, a summary, a labelled canvas, a data table with a caption, and a download button.
        foreach (var chart in Charts)
        {
            var section = Chart(page, chart);
            await Assertions.Expect(section.Locator("h2")).Not.ToBeEmptyAsync();
            await Assertions.Expect(section.Locator(".summary")).Not.ToBeEmptyAsync();
            await Assertions.Expect(section.Locator("canvas")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(".+"));
            await Assertions.Expect(section.Locator("table caption")).Not.ToBeEmptyAsync();
            await Assertions.Expect(section.GetByRole(AriaRole.Button, new() { Name = "Download CSV" })).ToBeVisibleAsync();
            // A region named by its heading, so a screen reader can jump from chart to chart.
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = await section.Locator("h2").TextContentAsync(), Exact = true })).ToHaveCountAsync(1);
        }

        await ChromiumBrowser.ScreenshotAsync(page, "stats-page");

        // The arrivals table holds the Api's points, labelled with the browser's local dates: five arrivals yesterday.
        var arrivals = await Rows(Chart(page, "arrivals"));
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(7, points.Count);
        Assert.Equal(
            points.Select(p => new[] { DateTimeOffset.Parse(p.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToOffset(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.GetProperty("arrivals").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            arrivals);
        Assert.Contains([yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "5"], arrivals);

        // Waits 60 (1-2 minutes), 120 (2-5) and 600 (10-15), as the Api counts them.
        var waits = await Rows(Chart(page, "waits"));
        Assert.Equal(distribution.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("count").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), waits.Select(r => r[1]));
        Assert.Equal(["0", "1", "1", "0", "1", "0", "0", "0", "0", "0"], waits.Select(r => r[1]));

        Assert.Equal([["Served", "2"], ["No-shows", "1"], ["Removed", "1"], ["Cancelled by the customer", "1"], ["Transferred out", "0"]], await Rows(Chart(page, "outcomes")));
        await Assertions.Expect(Chart(page, "sla").Locator(".summary")).ToContainTextAsync("Target: served within 5 min (300 s). 1 of 2 served within it (50%).");
        await Assertions.Expect(Chart(page, "utilisation").Locator(".summary")).ToContainTextAsync("No presence has been recorded");

        // The CSV of the serving chart: a header row, then each attendant; bruno only had a no-show, so no average service.
        var download = await page.RunAndWaitForDownloadAsync(() => Chart(page, "serving").GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Matches(@"^MAIN-CHART-serving-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal("Attendant,Served,Average service (s),Serving time (s)\r\nana,2,450,900\r\nbruno,0,,0\r\n", csv);

        var arrivalsCsv = await page.RunAndWaitForDownloadAsync(() => Chart(page, "arrivals").GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        var arrivalLines = (await File.ReadAllTextAsync((await arrivalsCsv.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Start,Arrivals", .. arrivals.Select(r => string.Join(',', r))], arrivalLines);

        // Every control of the form has a name a screen reader says, and the same page refuses an attendant in words.
        foreach (var name in new[] { "Branch", "Queue", "From", "To (inclusive)", "Per" })
        {
            await Assertions.Expect(page.GetByLabel(name, new() { Exact = true })).ToBeVisibleAsync();
        }

        // Per hour, the buckets are this browser's hours: yesterday noon (15:00 UTC) holds four arrivals and 13:00 one.
        await page.GetByLabel("Per", new() { Exact = true }).SelectOptionAsync("hour");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Chart(page, "arrivals").Locator("h2")).ToHaveTextAsync("Arrivals per hour");
        var hours = await Rows(Chart(page, "arrivals"));
        var day = yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(7 * 24, hours.Count);
        Assert.Equal([[$"{day} 11:00", "0"], [$"{day} 12:00", "4"], [$"{day} 13:00", "1"]], hours.Where(r => r[0].StartsWith($"{day} 1", StringComparison.Ordinal) && string.CompareOrdinal(r[0], $"{day} 14") < 0).Skip(1));

        var attendant = await site.Api.CreateUserAsync("Attendant");
        var other = await browser.NewPageAsync(timezoneId: Zone);
        await other.GotoAsync(new Uri(site.Realtime.Address, "/stats").ToString());
        await other.GetByLabel("User name").FillAsync(attendant.UserName);
        await other.GetByLabel("Password").FillAsync(attendant.Password);
        await other.Locator("#sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(other.Locator("#not-allowed")).ToBeVisibleAsync();
        await Assertions.Expect(other.Locator("#workspace")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Utilisation_divides_each_attendant_s_serving_time_in_all_the_branch_s_queues_by_the_time_signed_in()
    {
        await using var site = await StartSiteAsync();
        var offset = TimeSpan.FromHours(-3);
        var yesterday = await SeedAsync(site, DateTimeOffset.UtcNow.ToOffset(offset).Date, offset);
        // Another queue of the branch where ana served for 300 s more: 900 + 300 = 1200 s in the branch.
        await ApiDatabase.ExecuteAsync(site.Api.ConnectionString, """
            INSERT INTO queue_definitions (code, name, prefix, is_open, priority_run, sla_seconds, created_at, updated_at)
            VALUES ('CHART2', 'More charts', 'D', 1, 2, NULL, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """);
        await HistoryFixture.InsertAsync(
            site.Api.ConnectionString,
            new Row("CHART2", "completed", yesterday.AddHours(15), yesterday.AddHours(15), yesterday.AddHours(15), yesterday.AddHours(15).AddMinutes(5), "ana"));
        var supervisor = await site.Api.CreateUserAsync("Supervisor");

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 900, timezoneId: Zone);
        // The presence route belongs to presence history, built apart from this page: a stand-in answers in its documented shape.
        await page.RouteAsync("**/api/v1/stats/presence?**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = site.Realtime.Address.GetLeftPart(UriPartial.Authority) },
            Body = """
                { "branch": "MAIN", "attendants": [
                  { "attendantId": "ana", "attendantName": "ana", "signedInSeconds": 4800, "availableSeconds": 4000, "pausedSeconds": 800, "pausedByReason": [] },
                  { "attendantId": "bruno", "attendantName": "bruno", "signedInSeconds": 3600, "availableSeconds": 3600, "pausedSeconds": 0, "pausedByReason": [] },
                  { "attendantId": "carla", "attendantName": "carla", "signedInSeconds": 0, "availableSeconds": 0, "pausedSeconds": 0, "pausedByReason": [] } ] }
                """,
        }));
        await SignInAsync(page, site, supervisor);

        var utilisation = Chart(page, "utilisation");
        await Assertions.Expect(utilisation.Locator(".summary")).ToContainTextAsync("Serving time in all the branch's queues");
        // ana: 1200 / 4800 = 25 %; bruno signed in for an hour and served nobody: 0 %; carla was never signed in: no row.
        Assert.Equal([["ana", "1200", "4800", "25"], ["bruno", "0", "3600", "0"]], await Rows(utilisation));
        await Assertions.Expect(utilisation.Locator("canvas")).ToBeVisibleAsync();
        await ChromiumBrowser.ScreenshotAsync(page, "stats-utilisation");
    }

    private static async Task<ConsoleSite> StartSiteAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        return await ConsoleSite.StartAsync(broker.GrpcAddress, apiSettings: new Dictionary<string, string?> { ["History:Enabled"] = "false" });
    }

    /// <summary>Queue CHART (SLA 300 s) with five tickets yesterday from noon on the browser's clock; returns yesterday's local midnight.</summary>
    private static async Task<DateTimeOffset> SeedAsync(ConsoleSite site, DateTime today, TimeSpan offset)
    {
        await ApiDatabase.ExecuteAsync(site.Api.ConnectionString, """
            INSERT INTO queue_definitions (code, name, prefix, is_open, priority_run, sla_seconds, created_at, updated_at)
            VALUES ('CHART', 'Charts', 'C', 1, 2, 300, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """);
        var yesterday = new DateTimeOffset(today.AddDays(-1), offset);
        DateTimeOffset At(int hour, int minute) => yesterday.AddHours(hour).AddMinutes(minute);
        await HistoryFixture.InsertAsync(
            site.Api.ConnectionString,
            // queue, outcome, entered, called, started, finished, attendant, quoted wait
            new Row("CHART", "completed", At(12, 0), At(12, 1), At(12, 1), At(12, 6), "ana", Quoted: 90), // wait 60, service 300
            new Row("CHART", "completed", At(12, 10), At(12, 20), At(12, 20), At(12, 30), "ana", Quoted: 300), // wait 600, service 600
            new Row("CHART", "no_show", At(12, 30), At(12, 32), null, At(12, 37), "bruno", Quoted: 60), // wait 120
            new Row("CHART", "removed", At(12, 40), null, null, At(12, 50)),
            new Row("CHART", "cancelled", At(13, 0), null, null, At(13, 5)));
        return yesterday;
    }

    /// <summary>Signs in on /stats and returns the first series response (the first queue, the default range).</summary>
    private static async Task<IResponse> SignInAsync(IPage page, ConsoleSite site, TestUser user)
    {
        await page.GotoAsync(new Uri(site.Realtime.Address, "/stats").ToString());
        await page.GetByLabel("User name").FillAsync(user.UserName);
        await page.GetByLabel("Password").FillAsync(user.Password);
        var series = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#sign-in button[type=submit]").ClickAsync(),
            response => response.Url.Contains("/stats/queues/CHART/series?", StringComparison.Ordinal));
        Assert.Equal(200, series.Status);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Queue CHART");
        return series;
    }

    private static ILocator Chart(IPage page, string id) => page.Locator($"section.chart[data-chart='{id}']");

    /// <summary>The data table's body, cell by cell (the row header first).</summary>
    private static async Task<List<string[]>> Rows(ILocator chart)
    {
        var rows = new List<string[]>();
        foreach (var row in await chart.Locator("table tbody tr").AllAsync())
        {
            rows.Add([.. (await row.Locator("th, td").AllTextContentsAsync()).Select(c => c.Trim())]);
        }

        return rows;
    }
}
