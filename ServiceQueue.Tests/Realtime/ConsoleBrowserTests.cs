using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
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

        await using var site = await ConsoleSite.StartAsync(rig.BrokerGrpc, realtimeSettings: new Dictionary<string, string?>
        {
            ["Security:Encryption:Keys:k1"] = encryptionKey,
            ["Security:Encryption:BlindIndexKey"] = blindIndexKey,
        });
        var attendant = await site.Api.CreateUserAsync("Attendant", [queue]);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = await browser.NewPageAsync();
        var board = await browser.NewPageAsync(1600, 900);

        // Sign in through the Api, from the console's own origin.
        await SignInAsync(console, site, attendant);
        var panel = console.Locator($"section.queue[data-queue='{queue}']");
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("0 waiting");
        await board.GotoAsync($"{site.Realtime.Address}display?queue={queue}");
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
                notes = "Brings <b>two</b> forms",
            },
            $"request.{queue}");
        var waitingRow = panel.Locator("table.waiting tbody tr");
        await Assertions.Expect(waitingRow).ToHaveCountAsync(1);
        var appeared = published.Elapsed;
        output.WriteLine($"published to visible on the console: {appeared.TotalMilliseconds:F0} ms");
        await Assertions.Expect(waitingRow).ToContainTextAsync("Rosa Browser");
        // The request's notes sit under the name, as text: markup in them is never rendered.
        await Assertions.Expect(waitingRow.Locator("td.customer .notes")).ToHaveTextAsync("Brings <b>two</b> forms");
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

    [Fact]
    public async Task A_long_queue_shows_its_first_page_and_keeps_its_counts_right_as_tickets_beyond_the_page_come_and_go()
    {
        var broker = await TestServers.GetBrokerAsync();
        await using var site = await ConsoleSite.StartAsync(broker.GrpcAddress);
        var brokerClient = broker.CreateClient();
        var queue = await brokerClient.DefineQueueAsync();
        var attendant = await site.Api.CreateUserAsync("Attendant", [queue]);
        var tickets = new List<global::ServiceQueue.Broker.V1.Ticket>();
        for (var i = 1; i <= 55; i++)
        {
            tickets.Add(await brokerClient.EnqueueAsync(queue, site.Realtime.Encryptor, $"Customer {i}"));
        }

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = await browser.NewPageAsync();
        await SignInAsync(console, site, attendant);
        var panel = QueuePanel(console, queue);
        var stats = panel.Locator(".queue-stats");
        var count = panel.Locator(".waiting-count");
        var rows = panel.Locator("table.waiting tbody tr");
        await Assertions.Expect(stats).ToContainTextAsync("55 waiting");
        await Assertions.Expect(count).ToHaveTextAsync("Showing 50 of 55 waiting.");
        await Assertions.Expect(rows).ToHaveCountAsync(50);

        // Each change below concerns a ticket the console does not show; its counts must follow all the same.
        var desk = $"{queue}-D1";
        await brokerClient.CallTicketAsync(tickets[52].Id, "ana", desk);
        await Assertions.Expect(stats).ToContainTextAsync("54 waiting · 1 at desks");
        await Assertions.Expect(count).ToHaveTextAsync("Showing 50 of 54 waiting.");

        await brokerClient.MoveAsync(tickets[53].Id, 1, "sup");
        await Assertions.Expect(count).ToHaveTextAsync("Showing 51 of 54 waiting.");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-number", tickets[53].Number);

        await brokerClient.EnqueueAsync(queue, site.Realtime.Encryptor, "Customer 56");
        await Assertions.Expect(count).ToHaveTextAsync("Showing 51 of 55 waiting.");
        await Assertions.Expect(rows).ToHaveCountAsync(51);

        await brokerClient.RemoveAsync(tickets[54].Id, "left the office", "sup");
        await Assertions.Expect(stats).ToContainTextAsync("54 waiting");
        await Assertions.Expect(count).ToHaveTextAsync("Showing 51 of 54 waiting.");
        await ChromiumBrowser.ScreenshotAsync(console, "console-long-queue");

        // The rest, on request: every waiting ticket once, and nothing left to show.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Show more waiting" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(54);
        await Assertions.Expect(count).ToHaveTextAsync(string.Empty);
        await Assertions.Expect(stats).ToContainTextAsync("54 waiting · 1 at desks");
        var numbers = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.number)");
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
        var snapshot = await brokerClient.GetQueueAsync(queue);
        Assert.Equal(54, (int)snapshot.WaitingTotal);
    }

    [Fact]
    public async Task The_console_renews_its_token_past_expiry_ends_the_session_at_sign_out_and_asks_to_sign_in_when_renewal_is_refused()
    {
        // The Api's shortest access token (AuthOptions allows one minute at least); Realtime tolerates no clock
        // skew, so a token past its expiry is refused there at once.
        var broker = await TestServers.GetBrokerAsync();
        await using var site = await ConsoleSite.StartAsync(
            broker.GrpcAddress,
            apiSettings: new Dictionary<string, string?> { ["Auth:AccessTokenLifetime"] = "00:01:00" },
            realtimeSettings: new Dictionary<string, string?> { ["Security:Jwt:ClockSkew"] = "00:00:00" });
        var brokerClient = broker.CreateClient();
        var queue = await brokerClient.DefineQueueAsync();
        var attendant = await site.Api.CreateUserAsync("Attendant", [queue]);
        await using var browser = await ChromiumBrowser.LaunchAsync();

        // A tab whose timers will not run for a while (a laptop asleep): signed in, then kept only as its sessionStorage.
        var asleep = await browser.NewPageAsync();
        var asleepLogin = await SignInAsync(asleep, site, attendant);
        await Assertions.Expect(QueuePanel(asleep, queue)).ToBeVisibleAsync();
        var asleepStorage = await asleep.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, sessionStorage))");
        await asleep.Context.CloseAsync();

        // The console that stays open; its WebSockets can be dropped to force a reconnect.
        var console = await browser.NewPageAsync();
        await console.AddInitScriptAsync(DroppableWebSockets);
        var consoleRefreshes = RefreshTraffic.Watch(console);
        var negotiations = new ConcurrentQueue<IRequest>();
        console.Request += (_, request) =>
        {
            if (request.Url.Contains("/hubs/queues/negotiate", StringComparison.Ordinal))
            {
                negotiations.Enqueue(request);
            }
        };
        var login = await SignInAsync(console, site, attendant);
        var panel = QueuePanel(console, queue);
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("0 waiting");
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(site, login.AccessToken));

        // A console whose refresh token is stolen and used elsewhere: its own refresh is then a reuse, and refused.
        var robbed = await browser.NewPageAsync();
        var robbedRefreshes = RefreshTraffic.Watch(robbed);
        var robbedLogin = await SignInAsync(robbed, site, attendant);
        await Assertions.Expect(QueuePanel(robbed, queue)).ToBeVisibleAsync();
        using (var thief = site.Api.CreateClient())
        {
            using var stolen = await thief.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = robbedLogin.RefreshToken });
            Assert.Equal(HttpStatusCode.OK, stolen.StatusCode);
        }

        await brokerClient.EnqueueAsync(queue, site.Realtime.Encryptor);
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("1 waiting");

        // Past the first access token's expiry: Realtime refuses that token now.
        var expired = login.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        output.WriteLine($"waiting {expired.TotalSeconds:F0} s for the first access token to expire");
        await Task.Delay(expired);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(site, login.AccessToken));

        // The connection drops: the console reconnects with a renewed token, and a call goes through.
        var negotiatedBefore = negotiations.Count;
        await console.RunAndWaitForWebSocketAsync(() => console.EvaluateAsync("() => window.dropWebSockets()"));
        await Assertions.Expect(console.Locator("#connection")).ToHaveTextAsync("live");
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("1 waiting");
        // Desks are the Broker's, shared by every test on it: one of this queue's own.
        await console.Locator("#desk").FillAsync($"desk-{queue}");
        await panel.Locator("button.call-next").ClickAsync();
        await Assertions.Expect(panel.Locator("table.active tbody tr")).ToContainTextAsync("called");
        var reconnectedWith = await negotiations.Skip(negotiatedBefore).First().HeaderValueAsync("authorization");
        Assert.StartsWith("Bearer ey", reconnectedWith);
        Assert.NotEqual($"Bearer {login.AccessToken}", reconnectedWith);

        // It did renew: each refresh token sent once, the login's first, then each the previous answer's.
        var renewals = await consoleRefreshes.ExchangesAsync();
        Assert.NotEmpty(renewals);
        Assert.All(renewals, renewal => Assert.Equal(200, renewal.Status));
        Assert.Equal([login.RefreshToken, .. renewals.SkipLast(1).Select(r => r.Issued!.RefreshToken)], renewals.Select(r => r.Sent));

        // The sleeping tab wakes with an expired token: it renews once, with its own refresh token, and works on.
        Assert.True(asleepLogin.ExpiresAt < DateTimeOffset.UtcNow);
        var awake = await browser.NewPageAsync();
        await awake.AddInitScriptAsync(
            $"if (sessionStorage.length === 0) {{ for (const [key, value] of Object.entries({asleepStorage})) {{ sessionStorage.setItem(key, value); }} }}");
        var awakeRefreshes = RefreshTraffic.Watch(awake);
        await awake.GotoAsync(site.ConsolePage.ToString());
        await Assertions.Expect(QueuePanel(awake, queue).Locator(".queue-stats")).ToContainTextAsync("1 at desks");
        await Assertions.Expect(awake.Locator("#sign-in")).ToBeHiddenAsync();
        Assert.Equal([(asleepLogin.RefreshToken, (int?)200)], (await awakeRefreshes.ExchangesAsync()).Select(e => (e.Sent, e.Status)));

        // The robbed console's refresh was refused: it shows the sign-in form and says why.
        await Assertions.Expect(robbed.Locator("#sign-in-error")).ToHaveTextAsync("Your session has ended; sign in again.", new() { Timeout = 60_000 });
        await Assertions.Expect(robbed.Locator("#workspace")).ToBeHiddenAsync();
        await ChromiumBrowser.ScreenshotAsync(robbed, "console-session-ended");
        Assert.Equal([(robbedLogin.RefreshToken, (int?)401)], (await robbedRefreshes.ExchangesAsync()).Select(e => (e.Sent, e.Status)));

        // Signing out ends the session at the Api too (the last refresh token stops working) and keeps no token in the tab.
        var logout = await console.RunAndWaitForResponseAsync(
            () => console.Locator("#sign-out").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/api/v1/auth/logout", StringComparison.Ordinal));
        Assert.Equal(204, logout.Status);
        await Assertions.Expect(console.Locator("#sign-in")).ToBeVisibleAsync();
        var last = (await consoleRefreshes.ExchangesAsync())[^1].Issued!;
        // With the session's refresh token: without one, the Api would end the user's sessions everywhere.
        Assert.Equal(last.RefreshToken, JsonDocument.Parse(logout.Request.PostData!).RootElement.GetProperty("refreshToken").GetString());
        var kept = await console.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, sessionStorage))");
        Assert.DoesNotContain(last.RefreshToken, kept);
        Assert.DoesNotContain(last.AccessToken, kept);
        using var client = site.Api.CreateClient();
        using var afterLogout = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = last.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task Rate_limited_then_offline_the_console_keeps_its_refresh_token_and_renews_once_it_may()
    {
        // A few sign-ins or renewals per address a minute, all spent once the console has signed in.
        var broker = await TestServers.GetBrokerAsync();
        await using var site = await ConsoleSite.StartAsync(broker.GrpcAddress, apiSettings: new Dictionary<string, string?>
        {
            ["Auth:LoginPermitsPerAddress"] = "5",
            ["Auth:LoginWindow"] = "00:01:00",
        });
        var brokerClient = broker.CreateClient();
        var queue = await brokerClient.DefineQueueAsync();
        var attendant = await site.Api.CreateUserAsync("Attendant", [queue]);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = await browser.NewPageAsync();
        var refreshes = RefreshTraffic.Watch(console);
        var login = await SignInAsync(console, site, attendant);
        var panel = QueuePanel(console, queue);
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("0 waiting");
        using (var api = site.Api.CreateClient()) // over Kestrel, from the browser's address
        {
            var spent = false;
            for (var i = 0; i < 10 && !spent; i++)
            {
                using var attempt = await api.PostAsJsonAsync("/api/v1/auth/login", new { userName = "nobody", password = "not-a-password" });
                spent = attempt.StatusCode == HttpStatusCode.TooManyRequests;
            }

            Assert.True(spent, "the address's sign-in permits should be spent");
        }

        // The tab is reloaded with its renewal due (as one restored after its renewal time). The rate limit
        // refuses the renewal before it looks at the token, so the page keeps that token, works on with its
        // access token, still valid, and waits Retry-After before it tries again.
        await console.EvaluateAsync(
            "() => { const s = JSON.parse(sessionStorage.getItem('sq.session')); s.refreshAt = 0; sessionStorage.setItem('sq.session', JSON.stringify(s)); }");
        var limited = await console.RunAndWaitForResponseAsync(
            () => console.ReloadAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/api/v1/auth/refresh", StringComparison.Ordinal));
        var limitedAt = DateTimeOffset.UtcNow;
        Assert.Equal(429, limited.Status);
        var retryAfter = TimeSpan.FromSeconds(int.Parse((await limited.HeaderValueAsync("retry-after"))!, CultureInfo.InvariantCulture));
        output.WriteLine($"Retry-After: {retryAfter.TotalSeconds} s");
        await Assertions.Expect(console.Locator("#connection")).ToHaveTextAsync("live");
        await Assertions.Expect(console.Locator("#sign-in")).ToBeHiddenAsync();

        // Offline from before the retry falls due until past it: nothing is sent, and the page's tries every
        // 5 s wait for the network.
        await DelayUntil(limitedAt + retryAfter - TimeSpan.FromSeconds(10));
        await console.Context.SetOfflineAsync(true);
        await DelayUntil(limitedAt + retryAfter + TimeSpan.FromSeconds(7));
        Assert.Single(await refreshes.ExchangesAsync());
        await console.Context.SetOfflineAsync(false);

        // Online again, the same refresh token goes out, once, and is renewed.
        var exchanges = await WaitForRenewalAsync(refreshes);
        Assert.Equal([(login.RefreshToken, (int?)429), (login.RefreshToken, 200)], exchanges.Select(e => (e.Sent, e.Status)));

        // And works on, signed in and live, keeping the new tokens.
        await Assertions.Expect(console.Locator("#connection")).ToHaveTextAsync("live");
        await brokerClient.EnqueueAsync(queue, site.Realtime.Encryptor);
        await Assertions.Expect(panel.Locator(".queue-stats")).ToContainTextAsync("1 waiting");
        var stored = await console.EvaluateAsync<string>("() => sessionStorage.getItem('sq.session')");
        Assert.Contains(exchanges[^1].Issued!.RefreshToken, stored);

        static async Task DelayUntil(DateTimeOffset moment)
        {
            var wait = moment - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        static async Task<IReadOnlyList<RefreshTraffic.Exchange>> WaitForRenewalAsync(RefreshTraffic refreshes)
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                var exchanges = await refreshes.ExchangesAsync();
                if (exchanges[^1].Status == 200 || DateTimeOffset.UtcNow > deadline)
                {
                    return exchanges;
                }

                await Task.Delay(250);
            }
        }
    }

    // Keeps the page's WebSockets so the test can close them: the network dropping the connection.
    private const string DroppableWebSockets = """
        (() => {
          const Native = window.WebSocket;
          const open = [];
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              open.push(this);
            }
          };
          window.dropWebSockets = () => open.splice(0).forEach((socket) => socket.close());
        })();
        """;

    private static ILocator QueuePanel(IPage page, string queue) => page.Locator($"section.queue[data-queue='{queue}']");

    /// <summary>Signs in on the console page and returns what the Api answered.</summary>
    private static async Task<Tokens> SignInAsync(IPage page, ConsoleSite site, TestUser user)
    {
        await page.GotoAsync(site.ConsolePage.ToString());
        await page.Locator("#user-name").FillAsync(user.UserName);
        await page.Locator("#password").FillAsync(user.Password);
        var login = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#sign-in button[type=submit]").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/api/v1/auth/login", StringComparison.Ordinal));
        Assert.Equal(200, login.Status);
        return Tokens.From(await login.TextAsync());
    }

    /// <summary>Realtime's answer to a negotiation with <paramref name="accessToken"/>.</summary>
    private static async Task<HttpStatusCode> NegotiateAsync(ConsoleSite site, string accessToken)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(site.Realtime.Address, "/hubs/queues/negotiate?negotiateVersion=1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The Api's token answer, as the browser received it.</summary>
    private sealed record Tokens(string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken)
    {
        public static Tokens From(string json) => JsonSerializer.Deserialize<Tokens>(json, JsonSerializerOptions.Web)!;
    }

    /// <summary>Every <c>POST /api/v1/auth/refresh</c> one page made, in order: the refresh token sent and the answer.</summary>
    private sealed class RefreshTraffic
    {
        private readonly ConcurrentQueue<IRequest> _requests = new();

        public static RefreshTraffic Watch(IPage page)
        {
            var traffic = new RefreshTraffic();
            page.Request += (_, request) =>
            {
                if (request.Method == "POST" && request.Url.EndsWith("/api/v1/auth/refresh", StringComparison.Ordinal))
                {
                    traffic._requests.Enqueue(request);
                }
            };
            return traffic;
        }

        public async Task<IReadOnlyList<Exchange>> ExchangesAsync()
        {
            var exchanges = new List<Exchange>();
            foreach (var request in _requests)
            {
                var sent = JsonDocument.Parse(request.PostData!).RootElement.GetProperty("refreshToken").GetString()!;
                var response = await request.ResponseAsync();
                var issued = response is { Ok: true } ? Tokens.From(await response.TextAsync()) : null;
                exchanges.Add(new Exchange(sent, response?.Status, issued));
            }

            return exchanges;
        }

        public sealed record Exchange(string Sent, int? Status, Tokens? Issued);
    }
}
