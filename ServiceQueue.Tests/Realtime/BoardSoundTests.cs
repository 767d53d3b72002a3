using System.Text.Json;
using Microsoft.Playwright;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The calling board's sound, in Chromium against a real Broker and Realtime. Headless Chromium has
/// no speech engine and no speakers, so the page gets a stand-in <c>speechSynthesis</c> that takes
/// 600 ms per utterance and notes when each began and ended, and every oscillator the chime creates
/// is timed; the page, its hub and the calls are the real ones. A stand-in voice may also be told
/// never to finish, as a broken speech engine may.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class BoardSoundTests : IAsyncLifetime
{
    private const string SoundRecorder = """
        (() => {
          const sound = { spoken: [], chimes: [], overlaps: 0, cancels: 0 };
          const hangs = false;
          let talking = null;
          const engine = {
            speak(utterance) {
              if (talking) sound.overlaps++;
              const entry = { text: utterance.text, start: performance.now(), end: null };
              talking = entry;
              sound.spoken.push(entry);
              if (hangs) return;
              setTimeout(() => {
                entry.end = performance.now();
                if (talking === entry) talking = null;
                if (utterance.onend) utterance.onend(new Event('end'));
              }, 600);
            },
            cancel() { sound.cancels++; talking = null; },
            pause() {},
            resume() {},
            getVoices() { return []; },
            get speaking() { return talking !== null; },
            get pending() { return false; },
            get paused() { return false; },
          };
          Object.defineProperty(window, 'speechSynthesis', { configurable: true, get: () => engine });
          const create = BaseAudioContext.prototype.createOscillator;
          BaseAudioContext.prototype.createOscillator = function () {
            sound.chimes.push(performance.now());
            return create.call(this);
          };
          window.__sound = sound;
        })();
        """;

    private QueueBroker.QueueBrokerClient _calls = null!;
    private string _queue = null!;
    private RealtimeFactory _realtime = null!;
    private ChromiumBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        _calls = broker.CreateClient();
        _queue = await _calls.DefineQueueAsync();
        _realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        _browser = await ChromiumBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _realtime.DisposeAsync();
    }

    [Fact]
    public async Task Calls_are_announced_one_at_a_time_in_order_with_a_chime_first_and_only_once_sound_is_enabled()
    {
        var board = await OpenBoardAsync();

        // Before anyone enables sound (browsers forbid audio without a gesture), a call is shown, not heard.
        var silent = await CallAsync("D1");
        await Assertions.Expect(board.Locator("#current-number")).ToHaveTextAsync(silent);
        await board.Locator("#enable-sound").ClickAsync();
        await Assertions.Expect(board.Locator("#enable-sound")).ToHaveTextAsync("Sound on");
        Assert.Equal(0, (await SoundAsync(board)).GetProperty("chimes").GetArrayLength());

        // Three calls back to back: each is chimed, then spoken, and none talks over another.
        string[] desks = ["D2", "D3", "D4"];
        var numbers = new List<string>();
        foreach (var desk in desks)
        {
            numbers.Add(await CallAsync(desk));
        }

        await board.WaitForFunctionAsync("() => window.__sound.spoken.filter(s => s.end !== null).length === 3");
        var sound = await SoundAsync(board);
        var spoken = sound.GetProperty("spoken").EnumerateArray().ToList();
        var chimes = sound.GetProperty("chimes").EnumerateArray().Select(c => c.GetDouble()).ToList();
        Assert.Equal([.. numbers.Zip(desks, Announcement)], spoken.Select(s => s.GetProperty("text").GetString()));
        Assert.Equal(0, sound.GetProperty("overlaps").GetInt32());
        Assert.Equal(6, chimes.Count); // two tones a call
        for (var i = 0; i < spoken.Count; i++)
        {
            var chimed = chimes[2 * i];
            Assert.True(chimed <= spoken[i].GetProperty("start").GetDouble(), $"call {i + 1} was spoken before its chime");
            if (i > 0)
            {
                Assert.True(spoken[i - 1].GetProperty("end").GetDouble() <= chimed, $"call {i + 1} chimed while call {i} was being spoken");
            }
        }

        // With spoken announcements off, a call only chimes; turned back on, the next call speaks again.
        await board.Locator("#speak").UncheckAsync();
        await CallAsync("D5");
        // The page reads the box when the chime (1.4 s) has played: wait that out before ticking it again.
        await board.WaitForFunctionAsync("() => window.__sound.chimes.length === 8 && performance.now() > window.__sound.chimes[7] + 1600");
        await board.Locator("#speak").CheckAsync();
        var spokenAgain = await CallAsync("D6");
        await board.WaitForFunctionAsync("() => window.__sound.spoken.filter(s => s.end !== null).length === 4");
        sound = await SoundAsync(board);
        Assert.Equal(Announcement(spokenAgain, "D6"), sound.GetProperty("spoken")[3].GetProperty("text").GetString());
        Assert.Equal(10, sound.GetProperty("chimes").GetArrayLength());
        Assert.Equal(0, sound.GetProperty("overlaps").GetInt32());
        Assert.DoesNotContain("Rosa", await board.ContentAsync());
    }

    [Fact]
    public async Task A_voice_that_never_finishes_is_cut_off_after_ten_seconds_and_the_next_call_is_announced()
    {
        var board = await OpenBoardAsync(voiceHangs: true);
        await board.Locator("#enable-sound").ClickAsync();
        await Assertions.Expect(board.Locator("#enable-sound")).ToHaveTextAsync("Sound on");

        var stuck = await CallAsync("D1");
        var next = await CallAsync("D2");
        await board.WaitForFunctionAsync("() => window.__sound.spoken.length === 2", null, new() { Timeout = 60_000 });

        var sound = await SoundAsync(board);
        var spoken = sound.GetProperty("spoken");
        Assert.Equal(Announcement(stuck, "D1"), spoken[0].GetProperty("text").GetString());
        Assert.Equal(Announcement(next, "D2"), spoken[1].GetProperty("text").GetString());
        Assert.Equal(1, sound.GetProperty("cancels").GetInt32()); // the stuck voice was silenced, not talked over
        Assert.Equal(0, sound.GetProperty("overlaps").GetInt32());
        var waited = spoken[1].GetProperty("start").GetDouble() - spoken[0].GetProperty("start").GetDouble();
        Assert.InRange(waited, 10_000, 60_000);
    }

    private async Task<IPage> OpenBoardAsync(bool voiceHangs = false)
    {
        var board = await _browser.NewPageAsync(1600, 900);
        await board.AddInitScriptAsync(SoundRecorder.Replace("const hangs = false;", $"const hangs = {(voiceHangs ? "true" : "false")};", StringComparison.Ordinal));
        await board.GotoAsync($"{_realtime.Address}display?queue={_queue}");
        await Assertions.Expect(board.Locator("#status")).ToHaveTextAsync("live");
        return board;
    }

    /// <summary>Enqueues a ticket (with a sealed customer name) and calls it to the desk <paramref name="label"/>; returns its number.</summary>
    private async Task<string> CallAsync(string label)
    {
        var ticket = await _calls.EnqueueAsync(_queue, _realtime.Encryptor, "Rosa Board");
        var called = await _calls.CallTicketAsync(ticket.Id, $"att-{Desk(label)}", Desk(label));
        return called.Number;
    }

    /// <summary>
    /// Desks and attendants are the Broker's, shared by every test on it, and each holds one ticket at a
    /// time: this test's are its queue's own.
    /// </summary>
    private string Desk(string label) => $"{label}-{_queue}";

    /// <summary>What the board says for a call: the number with its first dash spoken as a pause, then the desk.</summary>
    private string Announcement(string number, string label)
    {
        var dash = number.IndexOf('-', StringComparison.Ordinal);
        var spelled = dash < 0 ? number : string.Concat(number.AsSpan(0, dash), " ", number.AsSpan(dash + 1));
        return $"Ticket {spelled}, {Desk(label)}";
    }

    private static async Task<JsonElement> SoundAsync(IPage board) =>
        await board.EvaluateAsync<JsonElement>("() => JSON.parse(JSON.stringify(window.__sound))");
}
