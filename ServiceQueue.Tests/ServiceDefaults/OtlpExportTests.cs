using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_metrics_and_logs_are_posted_as_protobuf_under_v1_when_the_endpoint_is_set()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(received);
        var serviceName = $"otlp-test-{Guid.NewGuid():N}";
        await using (var app = await TestWebApp.StartAsync(app => app.MapGet("/ping", () => "pong"), new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test",
        }))
        {
            using var client = new HttpClient { BaseAddress = app.Address };
            Assert.Equal("pong", await client.GetStringAsync("ping"));
        } // Stopping and disposing the host flushes the providers.

        var traces = received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal("application/x-protobuf", r.ContentType));
        // Protobuf keeps strings as UTF-8 bytes: the resource's service name and attributes are there.
        Assert.Contains(traces, r => Contains(r.Body, serviceName) && Contains(r.Body, "deployment.environment") && Contains(r.Body, "/ping"));
        // The exporter's own posts are not traced (no span feeding the next export).
        Assert.DoesNotContain(traces, r => Contains(r.Body, "/v1/traces"));
        Assert.Contains(received, r => r.Path == "/v1/metrics" && Contains(r.Body, serviceName));
        Assert.Contains(received, r => r.Path == "/v1/logs" && Contains(r.Body, "Now listening on"));
    }

    [Fact]
    public async Task Nothing_is_exported_when_the_endpoint_is_unset()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(received);
        await using (var app = await TestWebApp.StartAsync(app => app.MapGet("/ping", () => "pong"), new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
        }))
        {
            using var client = new HttpClient { BaseAddress = app.Address };
            Assert.Equal("pong", await client.GetStringAsync("ping"));
        }

        Assert.Empty(received);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static Task<TestWebApp> StartReceiverAsync(ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> received) =>
        TestWebApp.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((request.Path.Value!, request.ContentType, body.ToArray()));
            // An empty Export*ServiceResponse message is an empty protobuf body.
            return Results.Bytes([], "application/x-protobuf");
        }), serviceDefaults: false);
}
