using System.Net;
using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// The real AppHost, started by Aspire.Hosting.Testing with its dashboard, in a data folder of its own
/// (never the developer's <c>.servicequeue/</c>), on ports DCP picks: every resource healthy and every
/// service answering <c>/health</c> before the first test runs. Shared by the tests of one class.
/// </summary>
public sealed class AspireAppFixture : IAsyncLifetime
{
    /// <summary>The resources of contracts.md; each has a health check or is healthy once running.</summary>
    public static readonly string[] ResourceNames = ["mysql", "servicequeuedb", "redis", "rabbitmq", "broker", "api", "consumer", "realtime"];

    public static readonly string[] ServiceNames = ["broker", "api", "consumer", "realtime"];

    // Generous: a loaded two-core machine is slow, never wrong.
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(5);

    private RunFolder? _folder;
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The application has not started.");

    /// <summary>The key the dashboard's telemetry API asks for (<c>x-api-key</c>), chosen by the test.</summary>
    public string DashboardApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string DataDirectory => _folder?.Path ?? throw new InvalidOperationException("The application has not started.");

    public async Task InitializeAsync()
    {
        _folder = RunFolder.Create(TestServers.RunsParent);
        using var timeout = new CancellationTokenSource(StartBound);
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ServiceQueue_AppHost>(
                new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
                Arguments(_folder.Path, DashboardApiKey),
                timeout.Token);
            _app = await builder.WithQuietLogs().BuildAsync(timeout.Token);
            await _app.StartAsync(timeout.Token);
            foreach (var name in ResourceNames)
            {
                await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            }

            // Aspire calls a project healthy once it runs; the services say themselves when their dependencies answer.
            foreach (var service in ServiceNames)
            {
                using var http = CreateHttpClient(service);
                var status = await Eventually.ReadAsync(() => HealthAsync(http), s => s == HttpStatusCode.OK, StartBound, timeout.Token);
                Assert.True(status == HttpStatusCode.OK, $"{service} /health answered {status}");
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the service's <c>http</c> endpoint (the Broker also has <c>grpc</c>).</summary>
    public HttpClient CreateHttpClient(string service) => App.CreateHttpClient(service, "http");

    public Uri Endpoint(string service) => App.GetEndpoint(service, "http");

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>A parameter's value as the AppHost resolved it, read from the app model.</summary>
    public Task<string> ParameterAsync(string name) => App.ParameterAsync(name);

    /// <summary>The dashboard's base address, from the login link Aspire.Hosting.Testing hands out.</summary>
    public async Task<Uri> DashboardLoginAsync() => await App.GetDashboardUrlAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(StartBound);
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            finally
            {
                await _app.DisposeAsync();
                _app = null;
            }
        }

        _folder?.Dispose();
        _folder = null;
    }

    /// <summary>
    /// The run's own folder and secrets: the AppHost then neither reads nor writes the developer's data
    /// or user secrets. The values are fresh for every run, like the ones the AppHost generates.
    /// </summary>
    private static string[] Arguments(string dataDirectory, string dashboardApiKey) =>
    [
        $"--ServiceQueue:DataDirectory={dataDirectory}",
        $"--AppHost:DashboardApiKey={dashboardApiKey}",
        $"--Parameters:mysql-password={Password()}",
        $"--Parameters:redis-password={Password()}",
        $"--Parameters:rabbitmq-password={Password()}",
        $"--Parameters:bootstrap-admin-password={Password()}",
        $"--Parameters:demo-attendant-password={Password()}",
        $"--Parameters:jwt-signing-key={Key()}",
        $"--Parameters:encryption-key-1={Key()}",
        $"--Parameters:blind-index-key={Key()}",
    ];

    private static string Password() => "Pw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static async Task<HttpStatusCode?> HealthAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
