using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcServerOptionsTests
{
    [Fact]
    public async Task Invalid_GrpcServer_setting_stops_the_start_naming_the_setting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["GrpcServer:MaxReceiveMessageSize"] = "0";
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Services.AddGrpcServer();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("MaxReceiveMessageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcServer_settings_are_read_from_configuration()
    {
        await using var server = await EchoServer.StartAsync(configureBuilder: builder =>
            builder.Configuration["GrpcServer:MaxReceiveMessageSize"] = "64");
        var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<Protos.SayRequest, Protos.SayReply>(
            "/servicequeue.test.v1.Echo/Say", new Protos.SayRequest { Text = new string('x', 100) }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
