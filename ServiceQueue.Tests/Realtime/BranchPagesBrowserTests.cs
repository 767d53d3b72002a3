using System.Text.Json;
using Microsoft.Playwright;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The pages of a chain of offices, in Chromium against a real Broker and Realtime: a board shows its own
/// branch's calls, and a console of a user in two branches keeps their queues apart. The same queue code
/// exists in MAIN and NORTH, so only the branch tells them apart.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class BranchPagesBrowserTests : IAsyncLifetime
{
    private QueueBroker.QueueBrokerClient _calls = null!;
    private string _code = null!;
    private RealtimeFactory _realtime = null!;
    private ChromiumBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        _calls = broker.CreateClient();
        _code = await _calls.DefineQueueAsync();
        await _calls.DefineQueueInAsync("NORTH", _code);
        _realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        _browser = await ChromiumBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _realtime.DisposeAsync();
    }

    [Fact]
    public async Task A_board_for_NORTH_shows_NORTH_s_call_and_never_MAIN_s_call_of_the_same_queue_code()
    {
        var northBoard = await OpenBoardAsync($"display?queue={_code}&branch=NORTH");
        var mainBoard = await OpenBoardAsync($"display?queue=MAIN.{_code}");
        await Assertions.Expect(northBoard.Locator("#branch")).ToHaveTextAsync("Branch NORTH");
        await Assertions.Expect(northBoard.Locator("#queue-name")).ToHaveTextAsync($"Queue {_code} of NORTH");
        await Assertions.Expect(mainBoard.Locator("#branch")).ToHaveTextAsync("Branch MAIN");

        // NORTH calls first, MAIN after it: once MAIN's board shows MAIN's call, NORTH's board has had every chance to show it too.
        var north = await CallAsync("NORTH", "N");
        var main = await CallAsync("MAIN", "M");
        await Assertions.Expect(mainBoard.Locator("#current-desk")).ToHaveTextAsync(main.Desk);
        await Assertions.Expect(mainBoard.Locator("#current-number")).ToHaveTextAsync(main.Number);

        await Assertions.Expect(northBoard.Locator("#current-number")).ToHaveTextAsync(north.Number);
        await Assertions.Expect(northBoard.Locator("#current-desk")).ToHaveTextAsync(north.Desk);
        await Assertions.Expect(northBoard.Locator("#recent li")).ToHaveCountAsync(0);
        Assert.DoesNotContain(main.Desk, await northBoard.ContentAsync());
        Assert.DoesNotContain(north.Desk, await mainBoard.ContentAsync());
        Assert.DoesNotContain("Rosa", await northBoard.ContentAsync());
        await ChromiumBrowser.ScreenshotAsync(northBoard, "display-branch-north");
    }

    [Fact]
    public async Task A_console_of_a_user_in_two_branches_groups_the_queues_by_branch_and_keeps_their_tickets_apart()
    {
        var token = _realtime.TokenFor(
            TestServers.UniqueName("bea"), "Attendant", [_code, $"NORTH.{_code}"], $"N-{_code}", [new BranchGrant("MAIN", "Attendant"), new BranchGrant("NORTH", "Attendant")]);
        var console = await OpenConsoleAsync(token);

        var groups = console.Locator("#queue-choice fieldset.branch-choice legend");
        await Assertions.Expect(groups).ToHaveTextAsync(["Branch MAIN", "Branch NORTH"]);
        await Assertions.Expect(console.GetByRole(AriaRole.Group, new() { Name = "Branch NORTH" }).GetByRole(AriaRole.Checkbox, new() { Name = _code })).ToBeCheckedAsync();
        var mainPanel = console.Locator($"section.queue[data-address='MAIN.{_code}']");
        var northPanel = console.Locator($"section.queue[data-address='NORTH.{_code}']");
        await Assertions.Expect(mainPanel.Locator(".queue-name")).ToContainTextAsync("branch MAIN");
        await Assertions.Expect(northPanel.Locator(".queue-name")).ToContainTextAsync("branch NORTH");
        await Assertions.Expect(northPanel.Locator(".queue-stats")).ToContainTextAsync("0 waiting");
        await Assertions.Expect(mainPanel.Locator(".queue-stats")).ToContainTextAsync("0 waiting");

        var ticket = await _calls.EnqueueInAsync("NORTH", _code, _realtime.Encryptor, "Nina North");
        await Assertions.Expect(northPanel.Locator("table.waiting tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(northPanel.Locator("table.waiting tbody tr")).ToContainTextAsync("Nina North");
        await northPanel.Locator(".call-next").ClickAsync();
        await Assertions.Expect(northPanel.Locator("table.active tbody tr")).ToContainTextAsync(ticket.Number);

        await Assertions.Expect(mainPanel.Locator(".queue-stats")).ToContainTextAsync("0 waiting · 0 at desks");
        Assert.Equal(TicketState.Called, (await _calls.GetQueueInAsync("NORTH", _code)).Active.Single().State);
        Assert.Empty((await _calls.GetQueueAsync(_code)).Active);
        await ChromiumBrowser.ScreenshotAsync(console, "console-two-branches");
    }

    private async Task<IPage> OpenBoardAsync(string path)
    {
        var board = await _browser.NewPageAsync(1600, 900);
        await board.GotoAsync($"{_realtime.Address}{path}");
        await Assertions.Expect(board.Locator("#status")).ToHaveTextAsync("live");
        return board;
    }

    /// <summary>The console signed in with <paramref name="token"/> as its session (no Api: the token is minted here and never renewed).</summary>
    private async Task<IPage> OpenConsoleAsync(string token)
    {
        var console = await _browser.NewPageAsync();
        var session = JsonSerializer.Serialize(new { accessToken = token });
        await console.AddInitScriptAsync($$"""
            (() => {
              if (!sessionStorage.getItem('sq.session')) {
                const far = Date.now() + 30 * 60 * 1000;
                sessionStorage.setItem('sq.session', JSON.stringify({ ...{{session}}, refreshToken: null, expiresAt: far, refreshAt: far }));
              }
            })();
            """);
        await console.GotoAsync($"{_realtime.Address}console");
        await Assertions.Expect(console.Locator("#connection")).ToHaveTextAsync("live");
        return console;
    }

    /// <summary>Enqueues a ticket in <paramref name="branch"/> and calls it to a desk of this test's own; returns its number and desk.</summary>
    private async Task<(string Number, string Desk)> CallAsync(string branch, string deskPrefix)
    {
        var desk = $"{deskPrefix}-{_code}";
        var ticket = await _calls.EnqueueInAsync(branch, _code, _realtime.Encryptor, "Rosa Branch");
        var called = await _calls.CallNextAsync(new CallNextRequest { Queue = _code, Branch = branch, Attendant = $"att-{desk}", Desk = desk }, deadline: BrokerCalls.Deadline());
        Assert.Equal(ticket.Id, called.Ticket.Id);
        return (called.Ticket.Number, desk);
    }
}
