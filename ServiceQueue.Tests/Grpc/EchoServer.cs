using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceQueue.ServiceDefaults.Grpc;

using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Grpc;

/// <summary>
/// The test service on a real Kestrel socket (127.0.0.1, a free port of its own, HTTP/2 cleartext),
/// plus an HTTP/1.1 endpoint for the tests that need one. One per test: tests stay independent.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private EchoServer(WebApplication app, Uri address, Uri http1Address, CapturedLogs logs)
    {
        _app = app;
        Address = address;
        Http1Address = http1Address;
        Logs = logs;
    }

    /// <summary>The HTTP/2 (gRPC) endpoint.</summary>
    public Uri Address { get; }

    /// <summary>An HTTP/1.1-only endpoint of the same application.</summary>
    public Uri Http1Address { get; }

    public CapturedLogs Logs { get; }

    public EchoProbe Probe => _app.Services.GetRequiredService<EchoProbe>();

    public IServiceProvider Services => _app.Services;

    public static async Task<EchoServer> StartAsync(Action<GrpcServerOptions>? configureGrpc = null, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        ListenOptions? http2 = null;
        ListenOptions? http1 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => (http2 = listen).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (http1 = listen).Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpcServer(configureGrpc);
        builder.Services.AddSingleton<EchoProbe>();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        EchoService.Map(app);
        app.MapGrpcHealthChecks();
        configureApp?.Invoke(app);
        await app.StartAsync();

        // Kestrel writes the port it bound back into each endpoint's options.
        return new EchoServer(app, AddressOf(http2!), AddressOf(http1!), logs);
    }

    private static Uri AddressOf(ListenOptions listen) => new($"http://127.0.0.1:{listen.IPEndPoint!.Port}");

    /// <summary>A <see cref="GrpcClient"/> on this server, disposed with it.</summary>
    public GrpcClient CreateClient(GrpcClientOptions? options = null) => new(CreateHttpClient(Address), options);

    /// <summary>A plain HttpClient on <paramref name="address"/>, for tests that speak raw HTTP.</summary>
    public HttpClient CreateHttpClient(Uri address)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = address };
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
