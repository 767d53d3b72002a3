using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceQueue.AppHost.Dashboard.Apis;
using ServiceQueue.AppHost.Hosting.Orchestration;
using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>
/// The AppHost's own web server: the dashboard on loopback (<see cref="DashboardOptions.Port"/>) and the OTLP
/// receiver on 127.0.0.1 (<see cref="DashboardOptions.OtlpPort"/>), one Kestrel app with two listeners.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, DashboardToken token, int port, int otlpPort, TelemetryStore telemetry, ConsoleLogStore console)
    {
        _app = app;
        Token = token;
        Port = port;
        OtlpPort = otlpPort;
        Telemetry = telemetry;
        ConsoleLogs = console;
    }

    public DashboardToken Token { get; }

    public int Port { get; }

    public int OtlpPort { get; }

    public TelemetryStore Telemetry { get; }

    public ConsoleLogStore ConsoleLogs { get; }

    public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{Port}/"));

    /// <summary>The link printed at start: it opens a session and lands on the resources page.</summary>
    public Uri LoginUrl => new(Url, $"{DashboardAuthentication.LoginPath}?t={Token.Value}");

    /// <summary>What services get as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri OtlpEndpoint => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{OtlpPort}"));

    public static async Task<DashboardHost> StartAsync(
        DashboardOptions options,
        int port,
        int otlpPort,
        ResourceSupervisors supervisors,
        ResourceConsole console,
        CancellationToken cancellationToken)
    {
        if (port == otlpPort)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The dashboard and the OTLP receiver need two ports (both are {port})."));
        }

        var token = new DashboardToken();
        var telemetry = new TelemetryStore(options.Limits);
        var consoleLogs = new ConsoleLogStore(console, options.Limits.MaxConsoleLinesPerResource);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(port);
            kestrel.Listen(IPAddress.Loopback, otlpPort);
            kestrel.Limits.MaxRequestBodySize = options.Limits.MaxRequestBytes;
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        // Signals belong to the AppHost: a second Ctrl+C handler here would race its ordered stop.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddSingleton(consoleLogs);
        builder.Services.AddSingleton(supervisors);

        var app = builder.Build();
        app.UseDashboardAuthentication(token, port, otlpPort);
        app.MapOtlpReceiver(otlpPort);
        app.MapLoginApi();
        app.MapAssetsApi();
        app.MapResourcesApi();
        app.MapConsoleApi();
        app.MapTelemetryApi();

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            consoleLogs.Dispose();
            await app.DisposeAsync();
            throw;
        }

        return new DashboardHost(app, token, port, otlpPort, telemetry, consoleLogs);
    }

    public async ValueTask DisposeAsync()
    {
        ConsoleLogs.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
