using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task An_access_token_in_a_query_string_never_reaches_the_logs()
    {
        const string Token = "eyJ-query-token-that-must-stay-out-of-logs";
        var logs = new CapturedLogs();
        await using var app = await TestWebApp.StartAsync(
            web => web.MapGet("/hubs/probe", () => Results.Ok()),
            configure: builder => builder.Logging.AddProvider(logs));
        using var client = new HttpClient { BaseAddress = app.Address };

        using var response = await client.GetAsync($"hubs/probe?access_token={Token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Information is still logged (the host's start), so the provider sees what a service's console would.
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Information);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Token, StringComparison.Ordinal));
    }
}
