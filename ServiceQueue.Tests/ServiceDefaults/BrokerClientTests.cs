using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.BrokerClient;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class BrokerClientTests
{
    [Fact]
    public async Task Registered_client_reaches_the_Broker_named_by_services_broker_grpc_0_and_its_readiness_follows_it()
    {
        var broker = await TestServers.GetBrokerAsync();
        using var host = BuildHost(broker.GrpcAddress, TimeSpan.FromSeconds(30), out _);
        var client = host.Services.GetRequiredService<QueueBroker.QueueBrokerClient>();

        var code = await client.DefineQueueAsync();
        // No deadline given here: the registered client's interceptor supplies one.
        var snapshot = await client.GetQueueAsync(new GetQueueRequest { Code = code });
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "broker");

        Assert.Equal(code, snapshot.Definition.Code);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task The_configured_deadline_bounds_every_unary_call_while_Watch_stays_open()
    {
        await using var broker = await BrokerServer.StartAsync(settings: new Dictionary<string, string> { ["Broker__HeartbeatInterval"] = "00:00:00.300" });
        using var host = BuildHost(broker.GrpcAddress, TimeSpan.Zero, out _);
        var client = host.Services.GetRequiredService<QueueBroker.QueueBrokerClient>();

        var unary = await Assert.ThrowsAsync<RpcException>(async () => await client.ListQueuesAsync(new ListQueuesRequest()));
        using var watch = client.Watch(new WatchRequest { FromNow = true });
        var beats = 0;
        await foreach (var message in watch.ResponseStream.ReadAllAsync())
        {
            if (message.Heartbeat is not null && ++beats == 3)
            {
                break;
            }
        }

        Assert.Equal(StatusCode.DeadlineExceeded, unary.StatusCode);
        Assert.Equal(3, beats);
    }

    [Fact]
    public void Only_the_unary_methods_the_contract_marks_idempotent_are_retried()
    {
        var config = BrokerRetryPolicy.For(QueueBroker.Descriptor);

        var retried = Assert.Single(config.MethodConfigs);
        Assert.Equal([Grpc.Core.StatusCode.Unavailable], retried.RetryPolicy!.RetryableStatusCodes);
        Assert.All(retried.Names, name => Assert.Equal(QueueBroker.Descriptor.FullName, name.Service));
        Assert.Equal(
            new[]
            {
                nameof(QueueBroker.QueueBrokerClient.UpsertQueue), nameof(QueueBroker.QueueBrokerClient.ListQueues), nameof(QueueBroker.QueueBrokerClient.ListBranches),
                nameof(QueueBroker.QueueBrokerClient.GetQueue), nameof(QueueBroker.QueueBrokerClient.Enqueue), nameof(QueueBroker.QueueBrokerClient.EnqueueBatch),
                nameof(QueueBroker.QueueBrokerClient.GetTicket), nameof(QueueBroker.QueueBrokerClient.ListPresence),
                nameof(QueueBroker.QueueBrokerClient.SetPauseReasons), nameof(QueueBroker.QueueBrokerClient.ListAlerts),
                nameof(QueueBroker.QueueBrokerClient.AcknowledgeAlert),
            }.Order(),
            retried.Names.Select(name => name.Method).Order());
    }

    [Fact]
    public void The_Broker_client_keeps_service_discovery_and_keep_alive_pings_but_has_no_HTTP_resilience_handler()
    {
        using var host = BuildHost(new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(5), out var clientName);

        var handlers = new List<HttpMessageHandler>();
        for (HttpMessageHandler? handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(clientName);
             handler is not null;
             handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            handlers.Add(handler);
        }

        // The standard handler's total timeout would cut Watch; the default HttpClients keep it.
        Assert.DoesNotContain(handlers, h => h.GetType().Namespace!.StartsWith("Microsoft.Extensions.Http.Resilience", StringComparison.Ordinal));
        Assert.Contains(handlers, h => h.GetType().Namespace!.StartsWith("Microsoft.Extensions.ServiceDiscovery", StringComparison.Ordinal));
        var primary = Assert.IsType<SocketsHttpHandler>(handlers[^1]);
        Assert.True(primary.EnableMultipleHttp2Connections);
        Assert.Equal(TimeSpan.FromSeconds(60), primary.KeepAlivePingDelay);
    }

    [Theory]
    [InlineData(StatusCode.FailedPrecondition, "queue_full: queue GEN holds 10 tickets", BrokerFailureKind.Refused, "queue_full", "queue GEN holds 10 tickets")]
    [InlineData(StatusCode.NotFound, "unknown_ticket: no ticket 42", BrokerFailureKind.NotFound, "unknown_ticket", "no ticket 42")]
    [InlineData(StatusCode.InvalidArgument, "request_id: must be 1..64 characters", BrokerFailureKind.Invalid, "request_id", "must be 1..64 characters")]
    [InlineData(StatusCode.Unavailable, "Error connecting to subchannel.", BrokerFailureKind.Unavailable, null, "Error connecting to subchannel.")]
    [InlineData(StatusCode.DeadlineExceeded, "", BrokerFailureKind.Unavailable, null, "")]
    [InlineData(StatusCode.OutOfRange, "cursor_expired", BrokerFailureKind.CursorOutOfRange, "cursor_expired", "")]
    [InlineData(StatusCode.Internal, "Bad gRPC response. Response protocol downgraded to HTTP/1.1.", BrokerFailureKind.Unexpected, null, "Bad gRPC response. Response protocol downgraded to HTTP/1.1.")]
    public void A_status_is_read_the_same_way_by_every_caller(StatusCode status, string detail, BrokerFailureKind kind, string? reason, string sentence)
    {
        var failure = BrokerFailure.From(new RpcException(new Status(status, detail)));

        Assert.Equal((kind, reason, sentence), (failure.Kind, failure.Reason, failure.Sentence));
    }

    private static IHost BuildHost(Uri brokerAddress, TimeSpan deadline, out string clientName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create(BrokerClientExtensions.AddressKey, (string?)brokerAddress.ToString())]);
        builder.AddServiceDefaults();
        clientName = builder.AddBrokerClient<QueueBroker.QueueBrokerClient>(QueueBroker.Descriptor, _ => deadline).Name;
        return builder.Build();
    }
}
