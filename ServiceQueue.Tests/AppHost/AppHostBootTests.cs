using System.Net;
using ServiceQueue.AppHost.Hosting;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.AppHost.Hosting.Testing;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.AppHost;

[Collection(HeavyTests.Name)]
public sealed class AppHostBootTests
{
    [Fact]
    public async Task The_AppHost_brings_all_seven_resources_up_healthy_and_stops_leaving_no_process()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        var app = await DistributedApplicationTestingBuilder.StartAsync(folder);
        List<ProcessIdentity> processes;
        try
        {
            var ready = app.Resources.OfType<IResourceWithWaitSupport>().Where(r => r is not MySqlDatabaseResource).ToList();
            Assert.Equal(
                ["api", "broker", "consumer", "mysql", "rabbitmq", "realtime", "redis"],
                ready.Select(r => r.Name).Order(StringComparer.Ordinal));
            Assert.All(ready, r => Assert.True(r.WhenReady.IsCompletedSuccessfully, $"{r.Name} is not ready"));

            using var http = new HttpClient();
            foreach (var project in app.Resources.OfType<ProjectResource>())
            {
                var endpoint = project.GetEndpoint("http")!.Url;
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(endpoint, "/health"))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(endpoint, "/alive"))).StatusCode);
            }

            processes = [.. app.Resources.OfType<ServerResource>().SelectMany(s => s.Server!.Processes).Select(p => p.Identity)];
        }
        finally
        {
            await app.StopAsync();
        }

        Assert.All(processes, p => Assert.False(p.IsAlive(), $"process {p.Pid} is still running"));
    }
}
