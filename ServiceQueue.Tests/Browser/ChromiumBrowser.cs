using Microsoft.Playwright;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Browser;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, from <c>eng/setup.sh</c>) driven by Playwright, headless;
/// no browser is ever downloaded. Screenshots go to <c>artifacts/screenshots/</c> at the repository root.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Where screenshots are kept, e.g. <c>artifacts/screenshots</c> under the repository.</summary>
    public static string ScreenshotFolder { get; } = RepositoryRoot.Combine("artifacts", "screenshots");

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run eng/setup.sh (it installs Debian's chromium).");
        }

        // Generous: a loaded machine is slow, never wrong.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A page in a context of its own (no shared storage between pages), with generous timeouts; <paramref name="locale"/> sets the
    /// browser's languages, <paramref name="timezoneId"/> its time zone (an IANA name; the machine's when null).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, string? locale = null, string? timezoneId = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = timezoneId,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page PNG as <c>artifacts/screenshots/&lt;name&gt;.png</c> and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
