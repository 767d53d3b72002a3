using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.Tests.Grpc.Protos;

namespace ServiceQueue.Tests.Grpc;

public sealed class GrpcClientRegistrationTests
{
    [Fact]
    public async Task Typed_client_works_through_an_extra_delegating_handler_that_rewrites_the_address()
    {
        await using var server = await EchoServer.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton(new RewriteHandler.Target(server.Address));
        services.AddTransient<RewriteHandler>();
        // A logical address, as service discovery would resolve it.
        services.AddGrpcClient<EchoClient>(new Uri("http://echo"))
            .AddHttpMessageHandler<RewriteHandler>();
        await using var provider = services.BuildServiceProvider();

        var reply = await provider.GetRequiredService<EchoClient>().SayAsync("through the pipeline", CancellationToken.None);

        Assert.Equal("through the pipeline", reply.Text);
    }

    [Fact]
    public async Task Registered_client_gets_its_configured_options_and_the_gRPC_primary_handler()
    {
        var services = new ServiceCollection();
        services.AddGrpcClient<GrpcClient>(new Uri("http://127.0.0.1:1"), options => options.MaxReceiveMessageSize = 1234);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<GrpcClientOptions>>().Get($"grpc:{typeof(GrpcClient).FullName}");
        var handlerOptions = provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get($"grpc:{typeof(GrpcClient).FullName}");
        var builder = new TestHandlerBuilder(provider);
        foreach (var action in handlerOptions.HttpMessageHandlerBuilderActions)
        {
            action(builder);
        }

        Assert.Equal(1234, options.MaxReceiveMessageSize);
        Assert.NotNull(provider.GetRequiredService<GrpcClient>());
        var primary = Assert.IsType<SocketsHttpHandler>(builder.PrimaryHandler);
        Assert.True(primary.EnableMultipleHttp2Connections);
        Assert.Equal(TimeSpan.FromSeconds(60), primary.KeepAlivePingDelay);
    }

    [Fact]
    public async Task Calls_carry_the_trace_context_of_the_caller()
    {
        await using var server = await EchoServer.StartAsync();
        var services = new ServiceCollection();
        services.AddGrpcClient<EchoClient>(server.Address);
        await using var provider = services.BuildServiceProvider();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("ServiceQueue.Tests.Grpc");
        using var caller = source.StartActivity("caller")!;

        var reply = await provider.GetRequiredService<EchoClient>().SayAsync("traced", CancellationToken.None, echoTraceparent: true);

        Assert.Contains(caller.TraceId.ToString(), reply.EchoHeader, StringComparison.Ordinal);
    }

    /// <summary>What a service's typed client looks like: a small class over <see cref="GrpcClient"/>.</summary>
    private sealed class EchoClient(GrpcClient grpc)
    {
        public Task<SayReply> SayAsync(string text, CancellationToken cancellationToken, bool echoTraceparent = false) =>
            grpc.UnaryAsync<SayRequest, SayReply>(
                "/servicequeue.test.v1.Echo/Say",
                new SayRequest { Text = text, EchoTraceparent = echoTraceparent },
                cancellationToken: cancellationToken);
    }

    private sealed class RewriteHandler(RewriteHandler.Target target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(target.Address, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }

        public sealed record Target(Uri Address);
    }

    private sealed class TestHandlerBuilder(IServiceProvider services) : HttpMessageHandlerBuilder
    {
        public override string? Name { get; set; }

        public override HttpMessageHandler PrimaryHandler { get; set; } = new HttpClientHandler();

        public override IList<DelegatingHandler> AdditionalHandlers { get; } = [];

        public override IServiceProvider Services => services;

        public override HttpMessageHandler Build() => PrimaryHandler;
    }
}
