using ServiceQueue.ServiceDefaults.Grpc;

namespace Microsoft.Extensions.Hosting;

/// <summary>What Realtime runs: the hubs' client of the Broker.</summary>
internal static class RealtimeServiceExtensions
{
    public static IHostApplicationBuilder AddRealtimeServices(this IHostApplicationBuilder builder)
    {
        builder.AddBrokerClient();
        return builder;
    }
}
