using ServiceQueue.ServiceDefaults.Grpc;

namespace Microsoft.Extensions.Hosting;

/// <summary>What Realtime runs: bearer authentication for the hubs and their client of the Broker.</summary>
internal static class RealtimeServiceExtensions
{
    public static IHostApplicationBuilder AddRealtimeServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddBrokerClient();
        return builder;
    }
}
