using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ServiceQueue.Tests.Browser;

namespace ServiceQueue.Tests.EndToEnd;

/// <summary>The customer's side (issue 17) through the whole application: kiosk, printed ticket, ticket page, console.</summary>
public sealed partial class WholeSystemTests
{
    [Fact]
    public async Task A_walk_in_takes_one_ticket_per_tap_follows_it_by_phone_until_called_to_the_desk_and_another_s_cancellation_is_counted()
    {
        using var api = system.CreateHttpClient("api");
        var admin = await SignInAsync(api, "admin", await system.ParameterAsync("bootstrap-admin-password"));
        var queue = NewQueueCode();
        await CreateQueueAsync(api, admin, queue);
        var attendantName = "att" + Guid.NewGuid().ToString("N")[..8];
        const string attendantPassword = "Attendant-pass-1234";
        using (var created = await SendAsync(api, HttpMethod.Post, "/api/v1/users", admin, new { userName = attendantName, password = attendantPassword, role = "Attendant", queues = new[] { queue }, defaultDesk = "D7" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        string deviceToken;
        using (var enrolled = await SendAsync(api, HttpMethod.Post, "/api/v1/kiosks", admin, new { name = "Front door", queues = new[] { queue }, language = "en" }))
        {
            Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
            deviceToken = (await enrolled.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("token").GetString()!;
        }

        // Two customers came in before, over REST.
        foreach (var requestId in new[] { await SubmitAsync(api, queue, headers: null), await SubmitAsync(api, queue, headers: null) })
        {
            await WaitForStatusAsync(api, requestId, "waiting");
        }

        var realtime = system.Endpoint("realtime");
        await using var browser = await ChromiumBrowser.LaunchAsync();

        // The kiosk: enrolled by the link an Admin opens once; a double tap on the queue issues one ticket.
        var kiosk = await browser.NewPageAsync(1024, 1366);
        await kiosk.GotoAsync(new Uri(realtime, $"/kiosk#enrol={deviceToken}").ToString());
        var choice = kiosk.Locator("#queue-list button").Filter(new LocatorFilterOptions { HasText = "End to end" });
        await Assertions.Expect(choice).ToBeVisibleAsync();
        Assert.DoesNotContain(deviceToken, kiosk.Url, StringComparison.Ordinal);
        var (token, number) = await TapAsync(kiosk, () => choice.DblClickAsync());
        await Assertions.Expect(kiosk.Locator("#print-number")).ToHaveTextAsync(number);
        await Assertions.Expect(kiosk.Locator("#qr svg, #qr canvas, #qr img").First).ToBeVisibleAsync();
        await ChromiumBrowser.ScreenshotAsync(kiosk, "journey-kiosk-ticket");
        // What the receipt printer gets: the print stylesheet, 80 mm wide.
        await kiosk.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await kiosk.SetViewportSizeAsync(302, 800);
        await Assertions.Expect(kiosk.Locator("#print")).ToBeHiddenAsync();
        await ChromiumBrowser.ScreenshotAsync(kiosk, "journey-kiosk-print-preview");
        await kiosk.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await kiosk.SetViewportSizeAsync(1024, 1366);
        var live = await GetAsync(api, $"/api/v1/queues/{queue}", admin);
        Assert.Equal(3, live.GetProperty("live").GetProperty("waitingTotal").GetInt32());

        // The customer's phone follows the ticket: third in line.
        var phone = await browser.NewPageAsync(390, 844);
        await phone.GotoAsync(new Uri(realtime, $"/t/{token}").ToString());
        await Assertions.Expect(phone.Locator("#number")).ToHaveTextAsync(number);
        await Assertions.Expect(phone.Locator("#position")).ToHaveTextAsync("3");
        await ChromiumBrowser.ScreenshotAsync(phone, "journey-ticket-page-waiting");

        // The attendant's console serves the two ahead; the phone's place follows, then it is called to desk D7.
        var console = await browser.NewPageAsync();
        await console.GotoAsync(new Uri(realtime, "/console").ToString());
        await console.Locator("#user-name").FillAsync(attendantName);
        await console.Locator("#password").FillAsync(attendantPassword);
        await console.Locator("#sign-in button[type=submit]").ClickAsync();
        var panel = console.Locator($"section.queue[data-queue='{queue}']");
        await Assertions.Expect(panel.Locator("table.waiting tbody tr")).ToHaveCountAsync(3);
        await console.Locator("#desk").FillAsync("D7");
        foreach (var place in new[] { "2", "1" })
        {
            await panel.Locator("button.call-next").ClickAsync();
            var active = panel.Locator("table.active tbody tr");
            await Assertions.Expect(active).ToContainTextAsync("called");
            await active.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Start" }).ClickAsync();
            await active.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Complete" }).ClickAsync();
            await Assertions.Expect(active).ToHaveCountAsync(0);
            await Assertions.Expect(phone.Locator("#position")).ToHaveTextAsync(place);
        }

        await panel.Locator("button.call-next").ClickAsync();
        await Assertions.Expect(panel.Locator($"table.active tbody tr[data-number='{number}']")).ToContainTextAsync("called");
        await Assertions.Expect(phone.Locator("#call-text")).ToContainTextAsync("D7");
        await ChromiumBrowser.ScreenshotAsync(phone, "journey-ticket-page-called");

        // Another walk-in takes a ticket and then no longer needs it: the ticket leaves the line and the statistics count it.
        await kiosk.Locator("#done").ClickAsync();
        var (otherToken, _) = await TapAsync(kiosk, () => choice.ClickAsync());
        var other = await browser.NewPageAsync(390, 844);
        await other.GotoAsync(new Uri(realtime, $"/t/{otherToken}").ToString());
        await Assertions.Expect(other.Locator("#position")).ToHaveTextAsync("1");
        await other.Locator("#cancel").ClickAsync();
        await other.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(other.Locator("#ended")).ToBeVisibleAsync();
        await ChromiumBrowser.ScreenshotAsync(other, "journey-ticket-page-cancelled");
        await Assertions.Expect(panel.Locator("table.waiting tbody tr")).ToHaveCountAsync(0);
        var stats = await Eventually.ReadAsync(
            () => GetAsync(api, $"/api/v1/stats/queues/{queue}", admin),
            body => body.GetProperty("cancelledByCustomer").GetInt64() >= 1,
            Patience);
        Assert.Equal((1, 0), (stats.GetProperty("cancelledByCustomer").GetInt64(), stats.GetProperty("removed").GetInt64()));

        // The ended ticket's link is dead: the page says so and shows nothing of the ticket.
        var reopened = await browser.NewPageAsync(390, 844);
        await reopened.GotoAsync(new Uri(realtime, $"/t/{otherToken}").ToString());
        await Assertions.Expect(reopened.Locator("#ended")).ToBeVisibleAsync();
        await Assertions.Expect(reopened.Locator("#number")).ToHaveTextAsync("");
    }

    /// <summary>Taps a queue on the kiosk and returns the ticket page token and number from the Api's 201.</summary>
    private static async Task<(string Token, string Number)> TapAsync(IPage kiosk, Func<Task> tap)
    {
        var issued = await kiosk.RunAndWaitForResponseAsync(
            tap,
            response => response.Request.Method == "POST" && response.Url.EndsWith("/api/v1/kiosk/tickets", StringComparison.Ordinal) && response.Status == 201,
            new PageRunAndWaitForResponseOptions { Timeout = 120_000 });
        var body = JsonDocument.Parse(await issued.TextAsync()).RootElement;
        return (body.GetProperty("token").GetString()!, body.GetProperty("number").GetString()!);
    }
}
