using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Telemetry;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class TelemetrySettingsTests
{
    private static TelemetrySettings From(params (string Key, string Value)[] settings) => TelemetrySettings.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(),
        "ServiceQueue.Broker");

    [Fact]
    public void Resource_takes_the_service_name_from_OTEL_SERVICE_NAME_over_the_attributes_and_keeps_the_given_instance_id()
    {
        var resource = From(
            ("OTEL_SERVICE_NAME", "broker"),
            ("OTEL_RESOURCE_ATTRIBUTES", "service.name=wrong,service.instance.id=broker-1,deployment.environment=test%20lab")).CreateResource().Build();
        var attributes = resource.Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("broker", attributes["service.name"]);
        Assert.Equal("broker-1", attributes["service.instance.id"]);
        Assert.Equal("test lab", attributes["deployment.environment"]);
    }

    [Fact]
    public void Service_name_falls_back_to_the_application_name_and_one_instance_id_is_generated()
    {
        var settings = From();
        var attributes = settings.CreateResource().Build().Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("ServiceQueue.Broker", attributes["service.name"]);
        // One generated instance id for every signal's resource.
        var again = settings.CreateResource().Build().Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(attributes["service.instance.id"], again["service.instance.id"]);
    }

    [Fact]
    public void Http_protobuf_posts_each_signal_under_v1_of_the_endpoint()
    {
        var settings = From(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"));

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, settings.Protocol);
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/traces"), settings.SignalEndpoint("traces"));
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/logs"), settings.SignalEndpoint("logs"));
    }

    [Fact]
    public void Grpc_protocol_uses_the_endpoint_as_is()
    {
        var settings = From(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));

        Assert.Equal(new Uri("http://127.0.0.1:4317"), settings.SignalEndpoint("traces"));
    }

    [Fact]
    public void Unusable_endpoint_or_protocol_names_the_key()
    {
        Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", Assert.Throws<InvalidSettingException>(() => From(("OTEL_EXPORTER_OTLP_ENDPOINT", "not a uri"))).Key);
        Assert.Equal("OTEL_EXPORTER_OTLP_PROTOCOL", Assert.Throws<InvalidSettingException>(() => From(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"))).Key);
    }
}
