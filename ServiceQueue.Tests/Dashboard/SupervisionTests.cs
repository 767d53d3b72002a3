using System.Diagnostics;
using System.Net;
using ServiceQueue.AppHost.Dashboard;
using ServiceQueue.AppHost.Hosting;
using ServiceQueue.AppHost.Hosting.Orchestration;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.AppHost.Telemetry;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>A small app model (Redis and the real Broker) run by the AppHost's orchestrator, watched through the dashboard's API.</summary>
public sealed class SupervisionTests
{
    [Fact]
    public async Task A_killed_service_is_restarted_with_backoff_and_its_restart_count_shows()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        await using var app = await StartAsync(folder);
        using var client = await DashboardClient.SignInAsync(app.Dashboard!);

        var before = await client.WaitForAsync<List<ResourceSnapshot>>("/api/resources", r => Broker(r).State == "healthy");
        Assert.Equal(["redis", "broker"], before.Select(r => r.Name));
        Assert.Equal("server", before[0].Kind);
        Assert.Equal("project", Broker(before).Kind);
        Assert.Equal(0, Broker(before).Restarts);
        var pid = Broker(before).Pid!.Value;
        Assert.Contains(Broker(before).Endpoints, e => e.Name == "http" && e.Url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));

        KillGroup(pid);

        var exited = await client.WaitForAsync<List<ResourceSnapshot>>("/api/resources", r => Broker(r).State is "exited" or "starting" or "running");
        Assert.False(Broker(exited).StoppedByUser);
        var after = await client.WaitForAsync<List<ResourceSnapshot>>(
            "/api/resources", r => Broker(r) is { State: "healthy", Restarts: 1 }, TimeSpan.FromSeconds(60));
        Assert.NotEqual(pid, Broker(after).Pid);
        Assert.Equal(137, Broker(exited).ExitCode ?? 137); // SIGKILL, when the snapshot caught it before the restart

        using var http = new HttpClient();
        var health = new Uri(new Uri(Broker(after).Endpoints.Single(e => e.Name == "http").Url), "/health");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(health)).StatusCode);

        var console = await client.GetAsync<ConsoleLogPage>("/api/console/broker");
        Assert.Contains(console.Lines, l => l.Text.StartsWith("restarting in 1 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_start_and_restart_from_the_dashboard_act_on_services_and_servers()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        await using var app = await StartAsync(folder);
        using var client = await DashboardClient.SignInAsync(app.Dashboard!);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/resources/broker/stop")).StatusCode);
        var stopped = await client.WaitForAsync<List<ResourceSnapshot>>("/api/resources", r => Broker(r).State == "exited");
        Assert.True(Broker(stopped).StoppedByUser);
        Assert.Null(Broker(stopped).Pid);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a stopped service is not restarted by supervision
        Assert.Equal("exited", Broker(await client.GetAsync<List<ResourceSnapshot>>("/api/resources")).State);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/resources/broker/start")).StatusCode);
        await client.WaitForAsync<List<ResourceSnapshot>>("/api/resources", r => Broker(r) is { State: "healthy", Restarts: 1 });

        var redisPid = (await client.GetAsync<List<ResourceSnapshot>>("/api/resources"))[0].Pid;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/resources/redis/restart")).StatusCode);
        var restarted = await client.WaitForAsync<List<ResourceSnapshot>>(
            "/api/resources", r => r[0] is { State: "healthy", Restarts: 1 } && r[0].Pid != redisPid);
        Assert.NotNull(restarted[0].Pid);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/resources/nobody/stop")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/resources/broker/explode")).StatusCode);
    }

    [Fact]
    public async Task Services_started_by_the_AppHost_export_their_telemetry_to_its_receiver()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        await using var app = await StartAsync(folder);
        using var client = await DashboardClient.SignInAsync(app.Dashboard!);

        var logs = await client.WaitForAsync<List<LogEntry>>("/api/logs?service=broker", l => l.Count > 0);
        Assert.All(logs, l => Assert.Equal("broker", l.Service));
        await client.WaitForAsync<List<MetricSeriesView>>(
            "/api/metrics?service=broker", m => m.Any(s => s.Meter == "System.Runtime" || s.Name.StartsWith("dotnet.", StringComparison.Ordinal)));
        var console = await client.GetAsync<ConsoleLogPage>("/api/console/broker");
        Assert.NotEmpty(console.Lines);
    }

    private static ResourceSnapshot Broker(List<ResourceSnapshot> resources) => resources.Single(r => r.Name == "broker");

    private static async Task<DistributedApplication> StartAsync(RunFolder folder)
    {
        var builder = DistributedApplication.CreateBuilder([], new DistributedApplicationOptions
        {
            StateDirectory = folder.Path,
            IsolatePorts = true,
            HealthCheckInterval = TimeSpan.FromMilliseconds(500),
            Dashboard = new DashboardOptions { MetricExportInterval = TimeSpan.FromSeconds(1) },
        });
        var redis = builder.AddRedis("redis");
        builder.AddProject<Projects.ServiceQueue_Broker>("broker")
            .WithHttpEndpoint(5300)
            .WithGrpcEndpoint(5301)
            .WithReference(redis).WaitFor(redis);
        var app = builder.Build();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private static void KillGroup(int leader)
    {
        using var kill = Process.Start("kill", ["-KILL", "--", $"-{leader}"]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
