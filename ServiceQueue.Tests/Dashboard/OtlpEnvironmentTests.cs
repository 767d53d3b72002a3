using ServiceQueue.AppHost.Hosting;
using ServiceQueue.AppHost.Hosting.Orchestration;

namespace ServiceQueue.Tests.Dashboard;

public sealed class OtlpEnvironmentTests
{
    [Fact]
    public void A_service_started_with_the_receiver_running_exports_to_it_over_http_protobuf()
    {
        var builder = DistributedApplication.CreateBuilder([], new DistributedApplicationOptions { StateDirectory = "/nonexistent" });
        var broker = builder.AddProject<Projects.ServiceQueue_Broker>("broker").WithHttpEndpoint(5300);
        broker.Resource.Endpoints[0].AllocatedPort = 5300;

        var environment = new ProjectRunner(broker.Resource, builder.Options, ResourceConsole.Standard, new Uri("http://127.0.0.1:4318")).BuildEnvironment();

        Assert.Equal("http://127.0.0.1:4318", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("5000", environment["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.False(new ProjectRunner(broker.Resource, builder.Options, ResourceConsole.Standard).BuildEnvironment().ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }
}
