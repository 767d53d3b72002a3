using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ServiceQueue.AppHost.Hosting;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.AppHost.Hosting.Testing;
using ServiceQueue.Tests.Browser;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>The developer dashboard of a whole running application, in Debian's Chromium.</summary>
[Collection(HeavyTests.Name)]
public sealed class DashboardBrowserTests
{
    private static readonly string[] Resources = ["api", "broker", "consumer", "mysql", "rabbitmq", "realtime", "redis"];

    [Fact]
    public async Task The_resources_page_lists_seven_healthy_resources_and_an_intake_trace_opens_as_a_waterfall()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        var app = await DistributedApplicationTestingBuilder.StartAsync(folder);
        try
        {
            await using var browser = await ChromiumBrowser.LaunchAsync();
            var page = await browser.NewPageAsync();

            // The login link printed at start signs the browser in and lands on the resources page.
            await page.GotoAsync(app.Dashboard!.LoginUrl.ToString());
            foreach (var name in Resources)
            {
                await Assertions.Expect(page.Locator($"tr[data-resource='{name}'] .state")).ToHaveTextAsync("healthy");
            }

            await Assertions.Expect(page.Locator("#resources tbody tr")).ToHaveCountAsync(Resources.Length);
            await ChromiumBrowser.ScreenshotAsync(page, "dashboard-resources");

            // A request through the Api's intake makes a trace across the Api, RabbitMQ, the Consumer and the Broker.
            using var api = new HttpClient { BaseAddress = app.GetResource<ProjectResource>("api").GetEndpoint("http")!.Url };
            using var accepted = await api.PostAsJsonAsync("/api/v1/service-requests", new
            {
                queue = "GEN",
                channel = "web",
                customer = new { name = "Browser Test" },
                priority = "normal",
            });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

            await page.GotoAsync(new Uri(app.Dashboard.Url, "#/traces").ToString());
            var intake = page.Locator("tbody tr", new PageLocatorOptions { HasText = "consumer" })
                .Filter(new LocatorFilterOptions { HasText = "service-requests" }).First;
            await Assertions.Expect(intake).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
            await ChromiumBrowser.ScreenshotAsync(page, "dashboard-traces");
            await intake.Locator("a").ClickAsync();

            var waterfall = page.Locator("table.waterfall tbody tr");
            foreach (var service in new[] { "api", "consumer", "broker" })
            {
                await Assertions.Expect(waterfall.Filter(new LocatorFilterOptions { HasText = service }).First).ToBeVisibleAsync();
            }

            await ChromiumBrowser.ScreenshotAsync(page, "dashboard-trace");
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
