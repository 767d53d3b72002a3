using Microsoft.Playwright;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>The console's desk presence (issue 18) in Chromium: the Api and Realtime in-process, the run's real Broker.</summary>
[Collection(HeavyTests.Name)]
public sealed class ConsolePresenceBrowserTests
{
    [Fact]
    public async Task An_attendant_signs_in_to_a_desk_pauses_with_a_reason_is_refused_a_call_in_words_resumes_and_calls()
    {
        var broker = await TestServers.GetBrokerAsync();
        await using var site = await ConsoleSite.StartAsync(broker.GrpcAddress);
        var calls = broker.CreateClient();
        var queue = await calls.DefineQueueAsync();
        var ticket = await calls.EnqueueAsync(queue, site.Realtime.Encryptor, "Customer 1");
        var attendant = await site.Api.CreateUserAsync("Attendant", [queue]);
        var desk = $"{queue}-D1";

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = await browser.NewPageAsync();
        await console.GotoAsync(site.ConsolePage.ToString());
        await console.Locator("#user-name").FillAsync(attendant.UserName);
        await console.Locator("#password").FillAsync(attendant.Password);
        await console.Locator("#sign-in button[type=submit]").ClickAsync();
        var state = console.Locator("#presence-state[role=status]");
        var panel = console.Locator($"section.queue[data-queue='{queue}']");
        await Assertions.Expect(state).ToHaveTextAsync("Not signed in to a desk. Choose the desk and queues above, then sign in.");
        await Assertions.Expect(panel.Locator("table.waiting tbody tr")).ToHaveCountAsync(1);

        await console.Locator("#desk").FillAsync(desk);
        await console.GetByRole(AriaRole.Button, new() { Name = "Sign in to the desk" }).ClickAsync();
        await Assertions.Expect(state).ToContainTextAsync($"Available at desk {desk} since");
        await Assertions.Expect(state).ToContainTextAsync($"serving {queue}.");
        await ChromiumBrowser.ScreenshotAsync(console, "console-presence-available");

        // The reasons come from the Api; the select is named by its label for screen readers.
        var reason = console.GetByLabel("Reason for the pause");
        await Assertions.Expect(reason.Locator("option")).ToHaveCountAsync(3);
        await reason.SelectOptionAsync("break");
        await console.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Assertions.Expect(state).ToContainTextAsync($"Paused (Break) at desk {desk} since");
        var resume = console.GetByRole(AriaRole.Button, new() { Name = "Resume" });
        await Assertions.Expect(resume).ToBeFocusedAsync();
        var held = await calls.ListPresenceAsync(new ListPresenceRequest(), deadline: BrokerCalls.Deadline());
        Assert.Contains(held.Attendants, p => p.Attendant == attendant.UserName && p.State == PresenceState.Paused && p.PauseReason == "break" && p.Desk == desk);
        await ChromiumBrowser.ScreenshotAsync(console, "console-presence-paused");

        // Calling while paused: the Broker's refusal, in words, and the ticket still waits.
        await panel.Locator("button.call-next").ClickAsync();
        await Assertions.Expect(panel.Locator(".actions .error")).ToHaveTextAsync("You are paused: resume before calling.");
        await Assertions.Expect(panel.Locator("table.waiting tbody tr")).ToHaveCountAsync(1);
        await ChromiumBrowser.ScreenshotAsync(console, "console-presence-call-refused");

        // Resumed from the keyboard, the call goes through.
        await resume.PressAsync("Enter");
        await Assertions.Expect(state).ToContainTextAsync($"Available at desk {desk} since");
        await Assertions.Expect(console.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true })).ToBeFocusedAsync();
        await panel.Locator("button.call-next").ClickAsync();
        var called = panel.Locator($"table.active tbody tr[data-number='{ticket.Number}']");
        await Assertions.Expect(called).ToContainTextAsync("called");
        await Assertions.Expect(panel.Locator(".actions .error")).ToHaveTextAsync("");
        await ChromiumBrowser.ScreenshotAsync(console, "console-presence-called");
    }
}
