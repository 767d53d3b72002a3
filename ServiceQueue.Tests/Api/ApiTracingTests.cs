using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ServiceQueue.Tests.Api;

public sealed class ApiTracingTests
{
    [Fact]
    public async Task A_sign_in_is_traced_with_the_EF_Core_commands_it_ran_against_MySQL()
    {
        using var api = await ApiFactory.StartTracedAsync();
        using var client = api.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { userName = ApiFactory.AdminUserName, password = api.AdminPassword }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);
        api.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The request's own server span may end a moment after the answer arrives; the commands ran before it.
        var spans = api.Traces!.Exported.Where(a => a.TraceId == traceId).ToList();
        var commands = spans.Where(a => a.Source.Name == "OpenTelemetry.Instrumentation.EntityFrameworkCore").ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, command =>
        {
            Assert.Equal(ActivityKind.Client, command.Kind);
            // The instrumentation names the system under the old or the stable semantic-convention key.
            Assert.Equal("mysql", command.GetTagItem("db.system") ?? command.GetTagItem("db.system.name"));
        });
        // Statements carry parameters, never their values: no span holds the password.
        Assert.DoesNotContain(spans, a => a.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(api.AdminPassword, StringComparison.Ordinal) == true));
    }
}
