using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Apis;
using ServiceQueue.Realtime.BrokerClient;
using ServiceQueue.Realtime.Events;
using ServiceQueue.Realtime.Health;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Options;
using ServiceQueue.Realtime.Security;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.BrokerClient;
using ServiceQueue.ServiceDefaults.Health;

namespace Microsoft.Extensions.Hosting;

/// <summary>What Realtime runs: the hubs, their client of the Broker, the one event stream and its fan-out.</summary>
internal static class RealtimeServiceExtensions
{
    public static IHostApplicationBuilder AddRealtimeServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddFieldEncryption();
        builder.AddBrokerClient<QueueBroker.QueueBrokerClient>(
            QueueBroker.Descriptor, static services => services.GetRequiredService<IOptions<RealtimeOptions>>().Value.BrokerDeadline);

        var services = builder.Services;
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddBranchOptions();
        services.AddSignalR().AddHubOptions<TicketHub>(static hub =>
        {
            hub.AddFilter<TicketHubCallLimit>();
            // A holder sends a token, nothing more: an anonymous caller gets no room for large messages.
            hub.MaximumReceiveMessageSize = 4 * 1024;
        });
        services.AddSingleton<TicketHubCallLimit>();
        services.AddTicketHubRateLimiting();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(static sp =>
        {
            var realtime = sp.GetRequiredService<IOptions<RealtimeOptions>>().Value;
            return new EventWindow(realtime.RecentEvents, realtime.RecentEventsMaxAge, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<StreamStatus>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<CustomerCardReader>();
        services.AddSingleton<QueueFanOut>();
        services.AddSingleton<QueueNames>();
        services.AddSingleton<TicketFollowers>();
        services.AddSingleton<BrokerCommands>();
        services.AddHostedService<BrokerEventFollower>();
        services.AddSingleton<FloorNotifier>();
        services.AddHostedService(static sp => sp.GetRequiredService<FloorNotifier>());
        services.AddHealthChecks().AddReadyCheck<BrokerStreamHealthCheck>("broker-stream");
        return builder;
    }

    public static WebApplication MapRealtimeEndpoints(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHub<QueuesHub>(QueuesHub.Path);
        app.MapHub<TicketHub>(TicketHub.Path).RequireRateLimiting(TicketHubRateLimiting.PolicyName);
        app.MapHub<DisplayHub>(DisplayHub.Path);
        app.MapHub<SupervisorHub>(SupervisorHub.Path);
        app.MapPagesApi();
        return app;
    }
}
