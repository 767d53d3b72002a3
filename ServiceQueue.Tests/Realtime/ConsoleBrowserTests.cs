using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using ServiceQueue.AppHost.Hosting.Servers;
using ServiceQueue.Tests.Api;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Security;
using Xunit.Abstractions;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The whole path a person sees: a real Broker and Consumer (processes), the Api and Realtime
/// (in-process on Kestrel), and Chromium on the console and the calling board.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class ConsoleBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_attendant_signs_in_sees_a_published_request_calls_it_on_the_board_and_completes_it()
    {
        var encryptionKey = TestKeys.New();
        var blindIndexKey = TestKeys.New();
        await using var rig = await IntakeRig.StartAsync(consumerSettings: new Dictionary<string, string>
        {
            ["Security__Encryption__Keys__k1"] = encryptionKey,
            ["Security__Encryption__BlindIndexKey"] = blindIndexKey,
        });
        var queue = BrokerCalls.NewQueueCode();
        await rig.UpsertQueueAsync(queue);

        var realtimePort = FreePort.Next();
        var apiPort = FreePort.Next();
        var servers = await TestServers.GetAsync();
        await using var api = await ApiFactory.CreateAsync(await servers.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = $"http://127.0.0.1:{realtimePort}",
        });
        api.UseKestrel(apiPort);
        api.StartServer();
        await using var realtime = await RealtimeFactory.StartAsync(
            rig.BrokerGrpc,
            new Dictionary<string, string?>
            {
                ["services:api:http:0"] = $"http://127.0.0.1:{apiPort}",
                ["Security:Jwt:SigningKey"] = api.Settings["Security:Jwt:SigningKey"],
                ["Security:Jwt:Issuer"] = api.Settings["Security:Jwt:Issuer"],
                ["Security:Jwt:Audience"] = api.Settings["Security:Jwt:Audience"],
                ["Security:Encryption:Keys:k1"] = encryptionKey,
                ["Security:Encryption:BlindIndexKey"] = blindIndexKey,
            },
            realtimePort);
        var attendant = await api.CreateUserAsync("Attendant", [queue]);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = await browser.NewPageAsync();
        var board = await browser.NewPageAsync(1600, 900);

        // Sign in through the Api, from the console's own origin.
        await console.GotoAsync($"{realtime.Address}console");
        await console.Locator("#user-name").FillAsync(attendant.UserName);
        await console.Locator("#password").FillAsync(attendant.Password);
        await console.Locator("#sign-in button[type=submit]").ClickAsync();
        var panel = console.Locator($"section.queue[data-queue='{queue}']");
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("0 waiting");
        await board.GotoAsync($"{realtime.Address}display?queue={queue}");
        await Assertions.Expect(board.Locator("#status")).ToHaveTextAsync("live");

        // A partner system publishes straight to RabbitMQ; the ticket appears on the console.
        var requestId = Guid.NewGuid().ToString("N");
        var published = Stopwatch.StartNew();
        await rig.PublishAsync(
            new
            {
                requestId,
                queue,
                channel = "partner",
                customer = new { name = "Rosa Browser" },
                priority = "normal",
                requestedAt = DateTimeOffset.UtcNow,
            },
            $"request.{queue}");
        var waitingRow = panel.Locator("table.waiting tbody tr");
        await Assertions.Expect(waitingRow).ToHaveCountAsync(1);
        var appeared = published.Elapsed;
        output.WriteLine($"published to visible on the console: {appeared.TotalMilliseconds:F0} ms");
        await Assertions.Expect(waitingRow).ToContainTextAsync("Rosa Browser");
        var number = await waitingRow.GetAttributeAsync("data-number");
        Assert.False(string.IsNullOrEmpty(number));
        await ChromiumBrowser.ScreenshotAsync(console, "console-waiting");

        // Call it: the board shows the number and desk.
        await console.Locator("#desk").FillAsync("D4");
        await panel.Locator("button.call-next").ClickAsync();
        var activeRow = panel.Locator($"table.active tbody tr[data-number='{number}']");
        await Assertions.Expect(activeRow).ToContainTextAsync("called");
        await Assertions.Expect(board.Locator("#current-number")).ToHaveTextAsync(number!);
        await Assertions.Expect(board.Locator("#current-desk")).ToHaveTextAsync("D4");
        Assert.DoesNotContain("Rosa", await board.ContentAsync());
        await ChromiumBrowser.ScreenshotAsync(board, "display-now-calling");
        await ChromiumBrowser.ScreenshotAsync(console, "console-called");

        // Serve and complete it.
        await activeRow.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(activeRow).ToContainTextAsync("serving");
        await activeRow.Locator("select").SelectOptionAsync("resolved");
        await activeRow.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Assertions.Expect(panel.Locator("table.active tbody tr")).ToHaveCountAsync(0);
        await ChromiumBrowser.ScreenshotAsync(console, "console-completed");

        var ticket = await rig.GetTicketAsync(requestId);
        Assert.Equal(global::ServiceQueue.Broker.V1.TicketState.Completed, ticket!.State);
        Assert.Equal("resolved", ticket.Outcome);
        Assert.Equal(attendant.UserName, ticket.Attendant);

        // The console is a live screen: a published request shows within a second on an ordinary machine.
        // The bound is generous here so a loaded test machine never fails it; the measured figure is printed.
        Assert.True(appeared < TimeSpan.FromSeconds(10), $"the ticket took {appeared} to appear");
    }

}
