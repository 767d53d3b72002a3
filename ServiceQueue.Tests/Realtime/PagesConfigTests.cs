extern alias realtime;

using Microsoft.Extensions.Configuration;
using PagesApi = realtime::ServiceQueue.Realtime.Apis.PagesApi;

namespace ServiceQueue.Tests.Realtime;

/// <summary>Where the console's <c>/config.json</c> tells the browser to find the Api.</summary>
public sealed class PagesConfigTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5100/", null, "http://127.0.0.1:5100")] // a local run: the Api's own port
    [InlineData("http://api:5100", "/", "")] // behind an Ingress: the page's own origin
    [InlineData("http://api:5100", "https://api.example.com/", "https://api.example.com")] // an Api on a host of its own
    public void The_console_calls_the_Api_where_a_browser_can_reach_it(string injected, string? browserFacing, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:api:http:0"] = injected,
            ["Pages:ApiBaseAddress"] = browserFacing,
        }).Build();

        Assert.Equal(expected, PagesApi.GetConfig(configuration).Value!.ApiBaseAddress);
    }
}
