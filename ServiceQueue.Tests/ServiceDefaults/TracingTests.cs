using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ServiceQueue.ServiceDefaults.Health;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class TracingTests
{
    [Fact]
    public async Task Health_probes_are_left_out_of_traces_while_a_normal_request_is_recorded_with_its_route()
    {
        // Activity listeners are process-wide, so spans from tests running alongside reach this exporter
        // too: each request here carries a trace id of its own, and only those traces are looked at.
        var exporter = new InMemoryActivityExporter();
        await using var downstream = await TestWebApp.StartAsync(app => app.MapGet("/", () => "ok"), serviceDefaults: false);
        await using var app = await TestWebApp.StartAsync(
            app =>
            {
                app.MapGet("/tickets/{id}", (string id) => TypedResults.Ok(id));
                // Stands in for the gRPC transport's health service on the same path.
                app.MapPost(HealthEndpoints.GrpcHealthCheckPath, () => TypedResults.Ok());
            },
            configure: builder =>
            {
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(exporter)));
                // A readiness check that calls out: its client span must vanish with the probe.
                builder.Services.AddHttpClient("downstream", c => c.BaseAddress = downstream.Address);
                builder.Services.AddHealthChecks().AddReadyCheck<DownstreamHealthCheck>("downstream");
            });

        // No propagator on the test's own client: the traceparent set below is the one the server sees.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = app.Address };
        var normal = await SendTracedAsync(client, "tickets/42");
        var health = await SendTracedAsync(client, "health");
        var alive = await SendTracedAsync(client, "alive");
        var aliveSlash = await SendTracedAsync(client, "alive/");
        var grpcHealth = await SendTracedAsync(client, HealthEndpoints.GrpcHealthCheckPath.TrimStart('/'), HttpMethod.Post);

        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var exported = exporter.Exported;

        var server = Assert.Single(exported, a => a.TraceId == normal);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal("GET /tickets/{id}", server.DisplayName);
        Assert.Equal("/tickets/{id}", server.GetTagItem("http.route"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        Assert.DoesNotContain(exported, a => a.TraceId == health || a.TraceId == alive || a.TraceId == aliveSlash || a.TraceId == grpcHealth);
    }

    private static async Task<ActivityTraceId> SendTracedAsync(HttpClient client, string path, HttpMethod? method = null)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        // Sampled by the caller (flags 01): dropping the probe must not depend on the caller's choice.
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return traceId;
    }

    private sealed class DownstreamHealthCheck(IHttpClientFactory clients) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var response = await clients.CreateClient("downstream").GetAsync("", cancellationToken);
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy();
        }
    }
}
