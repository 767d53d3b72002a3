using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.ServiceDefaults.Grpc.Health;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcHealthTests
{
    private const string Check = "/grpc.health.v1.Health/Check";

    [Fact]
    public async Task Health_check_answers_Serving_while_ready_checks_pass()
    {
        await using var server = await StartAsync(HealthStatus.Healthy);
        var client = server.CreateClient();

        var overall = await client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Check, new HealthCheckRequest());
        var echo = await client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Check, new HealthCheckRequest { Service = "servicequeue.test.v1.Echo" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, echo.Status);
    }

    [Fact]
    public async Task Health_check_answers_NotServing_when_a_ready_check_fails()
    {
        await using var server = await StartAsync(HealthStatus.Unhealthy);
        var client = server.CreateClient();

        var overall = await client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Check, new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, overall.Status);
    }

    [Fact]
    public async Task Health_check_ignores_checks_not_tagged_ready()
    {
        await using var server = await EchoServer.StartAsync(configureBuilder: builder =>
            builder.Services.AddHealthChecks().AddCheck("liveness-only", () => HealthCheckResult.Unhealthy(), tags: ["live"]));
        var client = server.CreateClient();

        var overall = await client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Check, new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
    }

    [Fact]
    public async Task Health_check_for_an_unknown_service_answers_NotFound()
    {
        await using var server = await StartAsync(HealthStatus.Healthy);
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Check, new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private static Task<EchoServer> StartAsync(HealthStatus ready) =>
        EchoServer.StartAsync(configureBuilder: builder =>
            builder.Services.AddHealthChecks().AddCheck("dependency", () => new HealthCheckResult(ready), tags: ["ready"]));
}
