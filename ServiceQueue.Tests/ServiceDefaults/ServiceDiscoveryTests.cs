using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task Http_client_reaches_a_real_server_through_its_logical_name_from_services_name_http_0()
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
