using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Api;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The customer's pages in Chromium against a real Broker and Realtime: the ticket page following its
/// ticket, the calling board in Portuguese and Spanish, and the kiosk page (with the real Api and Consumer too).
/// Headless Chromium has no speech engine, speakers or vibration motor, so each page gets stand-ins that record
/// what it asked of them.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed partial class CustomerPagesBrowserTests : IAsyncLifetime
{
    private const string Recorder = """
        (() => {
          const record = { spoken: [], chimes: 0, vibrations: [], printed: 0 };
          const engine = {
            speak(utterance) {
              record.spoken.push({ text: utterance.text, lang: utterance.lang });
              setTimeout(() => utterance.onend && utterance.onend(new Event('end')), 50);
            },
            cancel() {}, pause() {}, resume() {}, getVoices() { return []; },
            get speaking() { return false; }, get pending() { return false; }, get paused() { return false; },
          };
          Object.defineProperty(window, 'speechSynthesis', { configurable: true, get: () => engine });
          const create = BaseAudioContext.prototype.createOscillator;
          BaseAudioContext.prototype.createOscillator = function () { record.chimes++; return create.call(this); };
          navigator.vibrate = (pattern) => { record.vibrations.push(pattern); return true; };
          window.print = () => { record.printed++; };
          window.__record = record;
        })();
        """;

    private QueueBroker.QueueBrokerClient _broker = null!;
    private RealtimeFactory _realtime = null!;
    private ChromiumBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        _broker = broker.CreateClient();
        _realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        _browser = await ChromiumBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _realtime.DisposeAsync();
    }

    [Fact]
    public async Task The_ticket_page_is_neither_cached_indexed_nor_referred_and_a_malformed_token_is_a_404()
    {
        using var http = new HttpClient { BaseAddress = _realtime.Address };

        using var page = await http.GetAsync($"/t/{TicketHolderToken.Create()}");
        using var malformed = await http.GetAsync("/t/A-001");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Contains("Ticket not found", await malformed.Content.ReadAsStringAsync());
        foreach (var response in new[] { page, malformed })
        {
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        }
    }

    [Fact]
    public async Task The_ticket_page_follows_its_place_shows_the_desk_with_a_chime_and_a_vibration_and_cancels_in_the_browser_s_language()
    {
        var queue = await _broker.DefineQueueAsync();
        await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        var (mine, token) = await _broker.EnqueueHeldAsync(queue, _realtime.Encryptor);
        var (other, otherToken) = await _broker.EnqueueHeldAsync(queue, _realtime.Encryptor);
        var desk = $"D7-{queue}";

        var page = await OpenAsync($"t/{token}", width: 420, height: 860);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Assertions.Expect(page.Locator("#number")).ToHaveTextAsync(mine.Number);
        await Assertions.Expect(page.Locator("#queue-name")).ToHaveTextAsync($"Queue {queue}");
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#ahead")).ToHaveTextAsync("2 people ahead of you");
        await Assertions.Expect(page.Locator("#call")).ToBeHiddenAsync();
        await ChromiumBrowser.ScreenshotAsync(page, "ticket-page-waiting");

        await _broker.MoveAsync(mine.Id, 1, "sam");
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#ahead")).ToHaveTextAsync("You are next");

        await page.Locator("#enable-sound").ClickAsync();
        await Assertions.Expect(page.Locator("#enable-sound")).ToHaveTextAsync("Sound alerts are on");
        await _broker.CallTicketAsync(mine.Id, $"ana-{queue}", desk);
        await Assertions.Expect(page.Locator("#call-text")).ToHaveTextAsync($"Go to desk {desk}");
        await Assertions.Expect(page.Locator("#waiting")).ToBeHiddenAsync();
        await page.WaitForFunctionAsync("() => window.__record.chimes >= 3 && window.__record.vibrations.length === 1");
        await ChromiumBrowser.ScreenshotAsync(page, "ticket-page-called");
        Assert.DoesNotContain(HeldTickets.CustomerName, await page.ContentAsync());
        Assert.DoesNotContain(mine.RequestId, await page.ContentAsync());

        // Another holder, whose browser speaks Portuguese, leaves the line.
        var leaving = await OpenAsync($"t/{otherToken}", width: 420, height: 860, locale: "pt-BR");
        await Assertions.Expect(leaving.Locator("#connection")).ToHaveTextAsync("Ao vivo");
        await leaving.Locator("#cancel").ClickAsync();
        await Assertions.Expect(leaving.Locator("#confirm")).ToBeVisibleAsync();
        await Assertions.Expect(leaving.Locator("#confirm-no")).ToBeFocusedAsync();
        await leaving.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(leaving.Locator("#ended-text")).ToHaveTextAsync("Você saiu da fila. Obrigado por nos avisar.");
        await ChromiumBrowser.ScreenshotAsync(leaving, "ticket-page-cancelled-pt-BR");

        var removed = (await _broker.GetTicketAsync(new GetTicketRequest { TicketId = other.Id }, deadline: BrokerCalls.Deadline())).Ticket;
        Assert.Equal(TicketState.Removed, removed.State);
        Assert.Equal(TicketRemovalReasons.CustomerCancelled, removed.RemovalReason);

        // The token is dead: the page says so, and so does a fresh visit.
        var again = await OpenAsync($"t/{otherToken}");
        await Assertions.Expect(again.Locator("#ended-text")).ToHaveTextAsync("This ticket link is not valid, or the ticket has ended.");
    }

    [Theory]
    [InlineData("pt-BR", "Chamando agora", "Senha", "ao vivo", "Som ativado", "Senha {0}, guichê {1}")]
    [InlineData("es", "Llamando ahora", "Turno", "en vivo", "Sonido activado", "Turno {0}, ventanilla {1}")]
    public async Task The_board_shows_and_speaks_in_its_language(string lang, string title, string ticketLabel, string live, string soundOn, string sentence)
    {
        var unset = await OpenAsync($"display?lang={lang}");
        await Assertions.Expect(unset.Locator("#queue-name")).ToHaveTextAsync(title);

        var queue = await _broker.DefineQueueAsync();
        var board = await OpenAsync($"display?queue={queue}&lang={lang}", width: 1600, height: 900);
        await Assertions.Expect(board.Locator("#status")).ToHaveTextAsync(live);
        Assert.Equal(lang, await board.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Assertions.Expect(board.Locator(".current .label").First).ToHaveTextAsync(ticketLabel);
        await board.Locator("#enable-sound").ClickAsync();
        await Assertions.Expect(board.Locator("#enable-sound")).ToHaveTextAsync(soundOn);

        var desk = $"D1-{queue}";
        var ticket = await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        var called = await _broker.CallTicketAsync(ticket.Id, $"att-{queue}", desk);
        await board.WaitForFunctionAsync("() => window.__record.spoken.length === 1");

        var spoken = (await RecordAsync(board)).GetProperty("spoken")[0];
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, called.Number.Replace('-', ' '), desk), spoken.GetProperty("text").GetString());
        Assert.Equal(lang, spoken.GetProperty("lang").GetString());
        await Assertions.Expect(board.Locator("#current-desk")).ToHaveTextAsync(desk);
        await ChromiumBrowser.ScreenshotAsync(board, $"display-{lang}");
    }

    /// <summary>
    /// The kiosk page against the real Api, Consumer and Broker: enrolment from the fragment, the kiosk's language, one
    /// Idempotency-Key per tap kept across a lost answer and across 202s while the Consumer is down (one ticket each time),
    /// the QR code, the print layout, the details form whose name reaches the ticket, and revocation. Faults are injected
    /// in the browser's network (an answer the Api gave never arrives); every answer the page sees is the Api's own.
    /// </summary>
    [Fact]
    public async Task The_kiosk_enrols_from_its_fragment_and_issues_one_ticket_per_tap_with_one_key_across_retries()
    {
        await using var rig = await IntakeRig.StartAsync();
        await using var site = await ConsoleSite.StartAsync(rig, apiSettings: new Dictionary<string, string?>
        {
            // Short, so a tap while the Consumer is down answers 202 soon; a slow Consumer only costs another repeat.
            ["Kiosk:IssueWait"] = "00:00:03",
            // This test taps faster than a device's steady rate; the limit has tests of its own.
            ["Kiosk:BurstPerDevice"] = "1000",
        });
        using var admin = site.Api.ClientWith((await site.Api.LoginAsAdminAsync()).AccessToken);
        var general = await CreateQueueAsync(admin, "Geral", "G", []);
        var documents = await CreateQueueAsync(admin, "Documentos", "D", ["name", "phone"]);
        var kiosk = await KioskTestClient.EnrolAsync(admin, [general, documents], name: "Entrada", language: "pt-BR");
        var deviceToken = kiosk.Token!;
        var generalButton = $"button[data-queue='{general}']";

        var posts = new ConcurrentQueue<(string? Key, string? Authorization, string? Body, int Status, string Answer, bool Lost)>();
        var answersToLose = 1;
        var page = await _browser.NewPageAsync(1024, 768);
        await page.AddInitScriptAsync(Recorder);
        await page.RouteAsync("**/api/v1/kiosk/tickets", async route =>
        {
            var answer = await route.FetchAsync();
            var headers = await route.Request.AllHeadersAsync();
            var lost = Interlocked.Decrement(ref answersToLose) >= 0;
            posts.Enqueue((headers.GetValueOrDefault("idempotency-key"), headers.GetValueOrDefault("authorization"), route.Request.PostData, answer.Status, await answer.TextAsync(), lost));
            if (lost)
            {
                await route.AbortAsync("connectionreset"); // the Api answered; the answer never reaches the kiosk
            }
            else
            {
                await route.FulfillAsync(new() { Response = answer });
            }
        });

        await page.GotoAsync($"{site.Realtime.Address}kiosk#enrol={deviceToken}");

        await Assertions.Expect(page.Locator("#queues-title")).ToHaveTextAsync("Escolha um atendimento");
        Assert.Equal(string.Empty, await page.EvaluateAsync<string>("() => location.hash"));
        Assert.Equal(deviceToken, await page.EvaluateAsync<string>("() => localStorage.getItem('sq.kiosk.token')"));
        await Assertions.Expect(page.Locator("#kiosk-name")).ToHaveTextAsync("Entrada · MAIN");
        await Assertions.Expect(page.Locator($"{generalButton} .queue-name")).ToHaveTextAsync("Geral");
        await Assertions.Expect(page.Locator($"{generalButton} .queue-facts")).ToHaveTextAsync(new Regex("^0 aguardando"));
        await Assertions.Expect(page.Locator($"button[data-queue='{documents}']")).ToContainTextAsync("Documentos");
        await ChromiumBrowser.ScreenshotAsync(page, "kiosk-queues-pt-BR");

        // A double tap whose first answer is lost: one ticket, its one key repeated until an answer arrives.
        await page.Locator(generalButton).DblClickAsync();
        await Assertions.Expect(page.Locator("#print-number")).ToHaveTextAsync("G-001");
        var tap = posts.ToArray();
        Assert.True(tap.Length >= 2 && tap[0].Lost && !tap[1].Lost, $"{tap.Length} posts");
        Assert.Single(tap.Select(p => p.Key).Distinct());
        Assert.Matches(IdempotencyKeyShape(), tap[0].Key);
        Assert.All(tap, p => Assert.Equal($"Bearer {deviceToken}", p.Authorization));
        Assert.All(tap, p => Assert.Equal($$"""{"queue":"{{general}}"}""", p.Body));
        Assert.Equal(201, tap[^1].Status);
        var holderToken = TokenOf(tap[^1].Answer);
        Assert.All(tap, p => Assert.Equal(holderToken, TokenOf(p.Answer)));
        Assert.Equal(1, await WaitingTotalAsync(rig, general));
        await Assertions.Expect(page.Locator("#qr svg")).ToBeVisibleAsync();
        Assert.Equal($"{site.Realtime.Address}t/{holderToken}", await page.Locator("#qr").GetAttributeAsync("data-url"));
        if (JsonDocument.Parse(tap[^1].Answer).RootElement.GetProperty("estimate").ValueKind == JsonValueKind.Null)
        {
            await Assertions.Expect(page.Locator("#print-estimate")).ToBeEmptyAsync();
        }
        else
        {
            await Assertions.Expect(page.Locator("#print-estimate")).ToContainTextAsync("Espera: ");
        }

        await Assertions.Expect(page.Locator("#returning")).ToContainTextAsync("Voltando ao início em");
        await page.Locator("#print").ClickAsync();
        Assert.Equal(1, (await RecordAsync(page)).GetProperty("printed").GetInt32());
        await ChromiumBrowser.ScreenshotAsync(page, "kiosk-ticket");

        // The receipt: only the ticket, black on white, 80 mm wide.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("#print")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("header")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#printable")).ToBeVisibleAsync();
        var width = await page.Locator("#printable").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.InRange(width, 250, 310); // 72 mm at 96 px per inch, inside the 80 mm roll
        await ChromiumBrowser.ScreenshotAsync(page, "kiosk-ticket-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The Consumer is down: the request waits in RabbitMQ and the Api answers 202 with the ticket's token; the kiosk
        // repeats the same request with the same key until, the Consumer back, a repeat gets the 201. Still one ticket.
        await BackToQueuesAsync(page);
        await Assertions.Expect(page.Locator($"{generalButton} .queue-facts")).ToHaveTextAsync(new Regex("^1 aguardando"));
        await rig.KillConsumerAsync();
        var before = posts.Count;
        await page.Locator(generalButton).ClickAsync();
        var pending = await Eventually.ReadAsync(() => Task.FromResult(posts.Skip(before).Count(p => p.Status == 202)), count => count > 0, TimeSpan.FromSeconds(60));
        Assert.True(pending > 0, "no 202 while the Consumer was down");
        await Assertions.Expect(page.Locator("#issuing")).ToBeVisibleAsync();
        await rig.StartConsumerAsync();
        await Assertions.Expect(page.Locator("#print-number")).ToHaveTextAsync("G-002");
        var retried = posts.Skip(before).ToArray();
        Assert.Single(retried.Select(p => p.Key).Distinct());
        Assert.NotEqual(tap[0].Key, retried[0].Key);
        Assert.Equal(201, retried[^1].Status);
        Assert.Single(retried.Select(p => TokenOf(p.Answer)).Distinct());
        Assert.Equal($"{site.Realtime.Address}t/{TokenOf(retried[^1].Answer)}", await page.Locator("#qr").GetAttributeAsync("data-url"));
        Assert.Equal(2, await WaitingTotalAsync(rig, general));

        // A queue asking for details: the optional inputs and the privacy note, a new key for the new tap, and the name
        // reaches the ticket (sealed for the staff's side).
        await BackToQueuesAsync(page);
        await page.Locator($"button[data-queue='{documents}']").ClickAsync();
        await Assertions.Expect(page.Locator("#input-name")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#input-phone")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#queues")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("Privacidade");
        await ChromiumBrowser.ScreenshotAsync(page, "kiosk-details-pt-BR");
        await page.Locator("#input-name").FillAsync("Maria");
        await page.Locator("#details-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#print-number")).ToHaveTextAsync("D-001");
        var detailed = posts.Last();
        Assert.NotEqual(retried[0].Key, detailed.Key);
        Assert.Equal($$"""{"queue":"{{documents}}","name":"Maria"}""", detailed.Body);
        var sealedTicket = Assert.Single((await rig.GetQueueAsync(documents)).Waiting).Ticket;
        Assert.Equal("Maria", rig.OpenCustomer(sealedTicket).Name);

        // Revoked by an Admin: the next tap returns to enrolment, with the reason, the token forgotten and no ticket issued.
        await BackToQueuesAsync(page);
        using (var revoke = await admin.DeleteAsync($"/api/v1/kiosks/{kiosk.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await page.Locator(generalButton).ClickAsync();
        await Assertions.Expect(page.Locator("#enrol-title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("não pode mais emitir senhas");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('sq.kiosk.token')"));
        Assert.Equal(401, posts.Last().Status);
        Assert.Equal(2, await WaitingTotalAsync(rig, general));
    }

    private static async Task<string> CreateQueueAsync(HttpClient admin, string name, string numberPrefix, string[] customerFields)
    {
        var code = QueueCodes.New();
        using var response = await admin.PostAsJsonAsync("/api/v1/queues", new { code, name, numberPrefix, customerFields });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return code;
    }

    private static async Task<int> WaitingTotalAsync(IntakeRig rig, string queue) => (await rig.GetQueueAsync(queue)).WaitingTotal;

    private static string? TokenOf(string answer) => JsonDocument.Parse(answer).RootElement.GetProperty("token").GetString();

    /// <summary>From the ticket to the list, waiting for the list's fresh counts (the ticket screen also returns by itself after 20 s).</summary>
    private static async Task BackToQueuesAsync(IPage page)
    {
        if (await page.Locator("#done").IsVisibleAsync())
        {
            await page.RunAndWaitForResponseAsync(
                () => page.Locator("#done").ClickAsync(), response => response.Url.EndsWith("/api/v1/kiosk/queues", StringComparison.Ordinal));
        }

        await Assertions.Expect(page.Locator("#queues")).ToBeVisibleAsync();
    }

    private async Task<IPage> OpenAsync(string path, int width = 1280, int height = 800, string? locale = null)
    {
        var page = await _browser.NewPageAsync(width, height, locale);
        await page.AddInitScriptAsync(Recorder);
        await page.GotoAsync($"{_realtime.Address}{path}");
        return page;
    }

    private static async Task<JsonElement> RecordAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement>("() => JSON.parse(JSON.stringify(window.__record))");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdempotencyKeyShape();
}
