using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The supervisor page (issue 18) in Chromium against a real Broker, the Api (sign-in, acknowledging) and Realtime: a
/// supervisor signs in, reads a queue's service level and its alert in words, acknowledges the alert, sees who is
/// serving, free or paused, drills into the queue with the keyboard alone, and watches the floor follow a call (which
/// also ends the alert) without reloading.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class SupervisorPageBrowserTests
{
    [Fact]
    public async Task A_supervisor_reads_the_floor_and_its_alert_in_words_acknowledges_it_drills_in_by_keyboard_and_sees_a_call_arrive_live()
    {
        var broker = await TestServers.GetBrokerAsync();
        var calls = broker.CreateClient();
        await using var site = await ConsoleSite.StartAsync(broker.GrpcAddress);
        var late = await calls.DefineQueueAsync(change: d =>
        {
            d.SlaTarget = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
            d.Alerts = new AlertRules { WaitingPastSla = true };
        });
        var waiting = await calls.EnqueueAsync(late, site.Realtime.Encryptor, "Rosa Supervised");
        var desk = $"S-{late}";
        var attendant = $"att-{late.ToLowerInvariant()}";
        await calls.SignInAsync(new SignInRequest { Attendant = attendant, Desk = desk, Queues = { late } }, deadline: BrokerCalls.Deadline());
        var supervisor = await site.Api.CreateUserAsync("Supervisor", [late]);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1400, 900);
        await page.GotoAsync($"{site.Realtime.Address}supervisor");
        await page.GetByLabel("User name").FillAsync(supervisor.UserName);
        await page.GetByLabel("Password").FillAsync(supervisor.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        // Past a one-second target the level is said in words with its figures, not only coloured.
        var row = page.Locator($"#queue-table tr[data-queue='MAIN.{late}']");
        await Assertions.Expect(row.Locator(".level")).ToHaveTextAsync("Target missed", new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator(".why")).ToContainTextAsync("target");
        await Assertions.Expect(row).ToContainTextAsync("0 serving, 1 free, 0 paused");
        var person = page.Locator("#people-table tr", new() { HasText = attendant });
        await Assertions.Expect(person).ToContainTextAsync("free");
        await Assertions.Expect(person).ToContainTextAsync(desk);
        await ChromiumBrowser.ScreenshotAsync(page, "supervisor-floor");

        // The Broker's evaluator raises the alert (every 5 s); the page is told, says it in words and lets it be acknowledged.
        var alert = page.Locator("#alert-list li", new() { HasText = $"Queue {late}" });
        await Assertions.Expect(alert).ToContainTextAsync("past the 1 s target", new() { Timeout = 30_000 });
        await ChromiumBrowser.ScreenshotAsync(page, "supervisor-alert");
        await alert.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Acknowledge") }).ClickAsync();
        await Assertions.Expect(alert).ToContainTextAsync("acknowledged at");
        await Assertions.Expect(alert).ToHaveClassAsync("acknowledged");

        // Keyboard alone: focus the queue's Open button and press Enter; the detail takes the focus.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Open queue Queue {late}" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var detail = page.Locator("#detail");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        await Assertions.Expect(detail).ToBeFocusedAsync();
        await Assertions.Expect(detail.Locator("#detail-waiting tbody tr")).ToContainTextAsync(waiting.Number);
        await Assertions.Expect(detail.Locator("#detail-desks tbody tr")).ToContainTextAsync(desk);
        Assert.DoesNotContain("Rosa", await page.ContentAsync(), StringComparison.Ordinal);
        await ChromiumBrowser.ScreenshotAsync(page, "supervisor-queue-detail");

        // The attendant calls the ticket: pushed, not polled (well within the 15 s re-read), the page follows.
        await calls.CallTicketAsync(waiting.Id, attendant, desk);
        await Assertions.Expect(detail.Locator("#detail-active tbody tr")).ToContainTextAsync(desk, new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToContainTextAsync("1 serving, 0 free, 0 paused", new() { Timeout = 10_000 });
        await Assertions.Expect(person).ToContainTextAsync("serving");
        // Nobody waits any more: the evaluator clears the alert and the page drops it.
        await Assertions.Expect(alert).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await ChromiumBrowser.ScreenshotAsync(page, "supervisor-after-call");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#floor")).ToBeHiddenAsync();
    }
}
