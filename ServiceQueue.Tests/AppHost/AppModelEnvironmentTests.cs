using ServiceQueue.AppHost.Hosting;
using ServiceQueue.AppHost.Hosting.Orchestration;

namespace ServiceQueue.Tests.AppHost;

public sealed class AppModelEnvironmentTests
{
    [Fact]
    public void A_service_receives_exactly_the_configuration_keys_of_the_contract()
    {
        var builder = DistributedApplication.CreateBuilder([], new DistributedApplicationOptions { StateDirectory = "/nonexistent" });
        var redis = builder.AddResource(new StartedResource("redis", "127.0.0.1:6000,password=pw"));
        var broker = builder.AddProject<Projects.ServiceQueue_Broker>("broker").WithHttpEndpoint(5300).WithGrpcEndpoint(5301);
        var consumer = builder.AddProject<Projects.ServiceQueue_Consumer>("consumer")
            .WithHttpEndpoint(5400)
            .WithReference(redis)
            .WithReference(broker)
            .WithEnvironment("Security__Jwt__Issuer", "servicequeue")
            .WithPublishedEnvironment("Pages__ApiBaseAddress", "/");
        foreach (var endpoint in builder.Resources.OfType<ProjectResource>().SelectMany(p => p.Endpoints))
        {
            endpoint.AllocatedPort = endpoint.Port!.Value;
        }

        var environment = new ProjectRunner(consumer.Resource, builder.Options, ResourceConsole.Standard).BuildEnvironment();

        Assert.Equal("127.0.0.1:6000,password=pw", environment["ConnectionStrings__redis"]);
        Assert.Equal("http://127.0.0.1:5300", environment["services__broker__http__0"]);
        Assert.Equal("http://127.0.0.1:5301", environment["services__broker__grpc__0"]);
        Assert.Equal("http://127.0.0.1:5400", environment["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("Http1", environment["Kestrel__Endpoints__http__Protocols"]);
        Assert.Equal("consumer", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("servicequeue", environment["Security__Jwt__Issuer"]);
        Assert.Null(environment["ASPNETCORE_URLS"]);
        Assert.DoesNotContain("Pages__ApiBaseAddress", environment.Keys); // for the published application only
    }

    [Fact]
    public void The_grpc_endpoint_is_cleartext_http2()
    {
        var builder = DistributedApplication.CreateBuilder([], new DistributedApplicationOptions { StateDirectory = "/nonexistent" });
        var broker = builder.AddProject<Projects.ServiceQueue_Broker>("broker").WithHttpEndpoint(5300).WithGrpcEndpoint(5301);
        foreach (var endpoint in broker.Resource.Endpoints)
        {
            endpoint.AllocatedPort = endpoint.Port!.Value;
        }

        var environment = new ProjectRunner(broker.Resource, builder.Options, ResourceConsole.Standard).BuildEnvironment();

        Assert.Equal("Http2", environment["Kestrel__Endpoints__grpc__Protocols"]);
        Assert.Equal("http://127.0.0.1:5301", environment["Kestrel__Endpoints__grpc__Url"]);
    }

    [Fact]
    public void Declaring_two_resources_with_one_name_is_refused()
    {
        var builder = DistributedApplication.CreateBuilder([], new DistributedApplicationOptions { StateDirectory = "/nonexistent" });
        builder.AddRedis("redis");

        Assert.Throws<InvalidOperationException>(() => builder.AddRabbitMQ("redis"));
    }

    private sealed class StartedResource(string name, string connectionString) : IResourceWithConnectionString
    {
        public string Name { get; } = name;

        public string? ConnectionString { get; } = connectionString;
    }
}
