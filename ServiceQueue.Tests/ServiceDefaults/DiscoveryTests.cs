using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Discovery;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class DiscoveryTests
{
    private static ServiceEndpointResolver Resolver(IConfiguration configuration) => new(configuration);

    private static IConfigurationRoot Settings(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        .Build();

    [Fact]
    public void Logical_http_name_is_rewritten_to_the_configured_http_address_keeping_path_and_query()
    {
        var resolver = Resolver(Settings(("services:broker:http:0", "http://127.0.0.1:5300")));

        Assert.Equal(new Uri("http://127.0.0.1:5300/queues/A?x=1"), resolver.ResolveUri(new Uri("http://broker/queues/A?x=1")));
    }

    [Fact]
    public void Logical_http_name_falls_back_to_the_https_endpoint()
    {
        var resolver = Resolver(Settings(("services:broker:https:0", "https://10.0.0.5:7443")));

        Assert.Equal(new Uri("https://10.0.0.5:7443/"), resolver.ResolveUri(new Uri("http://broker/")));
    }

    [Fact]
    public void Underscore_endpoint_form_resolves_the_named_endpoint()
    {
        var resolver = Resolver(Settings(("services:broker:http:0", "http://127.0.0.1:5300"), ("services:broker:grpc:0", "http://127.0.0.1:5301")));

        Assert.Equal(new Uri("http://127.0.0.1:5301/servicequeue.broker.v1.QueueBroker/Enqueue"),
            resolver.ResolveUri(new Uri("http://_grpc.broker/servicequeue.broker.v1.QueueBroker/Enqueue")));
        Assert.Equal(new Uri("http://127.0.0.1:5301/"), resolver.Resolve("broker", "grpc"));
    }

    [Fact]
    public void Https_plus_http_prefers_https_and_falls_back_to_http()
    {
        var both = Resolver(Settings(("services:api:http:0", "http://127.0.0.1:5100"), ("services:api:https:0", "https://127.0.0.1:5101")));
        var httpOnly = Resolver(Settings(("services:api:http:0", "http://127.0.0.1:5100")));

        Assert.Equal(new Uri("https://127.0.0.1:5101/me"), both.ResolveUri(new Uri("https+http://api/me")));
        Assert.Equal(new Uri("http://127.0.0.1:5100/me"), httpOnly.ResolveUri(new Uri("https+http://api/me")));
    }

    [Fact]
    public void Names_not_in_configuration_are_left_alone()
    {
        var resolver = Resolver(Settings(("services:broker:http:0", "http://127.0.0.1:5300")));

        foreach (var uri in new[] { "http://example.org/x", "http://127.0.0.1:8080/", "http://_grpc.realtime/", "https://broker/" })
        {
            Assert.False(resolver.TryResolveUri(new Uri(uri), out _));
            Assert.Equal(new Uri(uri), resolver.ResolveUri(new Uri(uri)));
        }
    }

    [Fact]
    public void Resolve_of_an_unknown_endpoint_names_the_key_in_environment_form()
    {
        var resolver = Resolver(Settings());

        var error = Assert.Throws<MissingSettingException>(() => resolver.Resolve("broker", "grpc"));
        Assert.Equal("services__broker__grpc__0", error.Key);
    }

    [Fact]
    public void A_configuration_reload_is_picked_up_at_once()
    {
        var configuration = Settings(("services:broker:http:0", "http://127.0.0.1:5300"));
        var resolver = Resolver(configuration);

        configuration["services:broker:http:0"] = "http://127.0.0.1:6300";

        Assert.Equal(new Uri("http://127.0.0.1:6300/"), resolver.ResolveUri(new Uri("http://broker/")));
    }

    [Fact]
    public async Task Http_client_reaches_a_real_server_through_its_logical_name()
    {
        await using var broker = await TestWebApp.StartAsync(app => app.MapGet("/whoami", () => "broker"), serviceDefaults: false);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("services:broker:http:0", (string?)broker.Address.ToString())]);
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("broker", c => c.BaseAddress = new Uri("http://broker"));
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("broker");
        using var response = await client.GetAsync("whoami");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("broker", await response.Content.ReadAsStringAsync());
    }
}
