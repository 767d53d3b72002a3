using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

/// <summary>Mapping is checked against the .proto descriptor when the application starts.</summary>
public sealed class GrpcMappingTests
{
    [Fact]
    public async Task Mapping_a_method_missing_from_the_descriptor_throws()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);

        var error = Assert.Throws<InvalidOperationException>(() => echo.MapUnary<SayRequest, SayReply>("Shout", static (_, _) => Task.FromResult(new SayReply())));

        Assert.Contains("Shout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_a_method_with_the_wrong_request_type_throws()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);

        var error = Assert.Throws<InvalidOperationException>(() => echo.MapUnary<CountRequest, SayReply>("Say", static (_, _) => Task.FromResult(new SayReply())));

        Assert.Contains("servicequeue.test.v1.SayRequest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_a_method_with_the_wrong_response_type_throws()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);

        Assert.Throws<InvalidOperationException>(() => echo.MapUnary<SayRequest, CountReply>("Say", static (_, _) => Task.FromResult(new CountReply())));
    }

    [Fact]
    public async Task Mapping_a_streaming_method_as_unary_and_the_reverse_throws()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);

        Assert.Throws<InvalidOperationException>(() => echo.MapUnary<CountRequest, CountReply>("Count", static (_, _) => Task.FromResult(new CountReply())));
        Assert.Throws<InvalidOperationException>(() => echo.MapServerStreaming<SayRequest, SayReply>("Say", static (_, _, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task Mapping_a_client_streaming_method_throws()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);

        Assert.Throws<InvalidOperationException>(() => echo.MapUnary<SayRequest, SayReply>("Upload", static (_, _) => Task.FromResult(new SayReply())));
    }

    [Fact]
    public async Task Mapping_a_method_or_a_service_twice_throws()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);
        echo.MapUnary<SayRequest, SayReply>("Say", static (_, _) => Task.FromResult(new SayReply()));

        Assert.Throws<InvalidOperationException>(() => echo.MapUnary<SayRequest, SayReply>("Say", static (_, _) => Task.FromResult(new SayReply())));
        Assert.Throws<InvalidOperationException>(() => app.MapGrpcService(EchoService.Descriptor));
    }

    [Fact]
    public async Task Mapping_without_AddGrpcServer_says_what_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGrpcService(EchoService.Descriptor));

        Assert.Contains("AddGrpcServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_conventions_apply_to_every_method_endpoint()
    {
        await using var app = CreateApp();
        var echo = app.MapGrpcService(EchoService.Descriptor);
        echo.WithMetadata("service-wide");
        echo.MapUnary<SayRequest, SayReply>("Say", static (_, _) => Task.FromResult(new SayReply()));

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints)
            .Where(e => e.DisplayName?.StartsWith("gRPC /servicequeue.test.v1.Echo/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.Equal(EchoService.Descriptor.Methods.Count + 1, endpoints.Count);
        Assert.All(endpoints, e => Assert.Contains("service-wide", e.Metadata.OfType<string>()));
    }

    private static WebApplication CreateApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGrpcServer();
        return builder.Build();
    }
}
