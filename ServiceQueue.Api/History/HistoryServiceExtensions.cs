namespace ServiceQueue.Api.History;

internal static class HistoryServiceExtensions
{
    /// <summary>The follower that turns the Broker's events into service history and audit entries.</summary>
    public static IServiceCollection AddServiceHistory(this IServiceCollection services)
    {
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.SectionName).ValidateDataAnnotations()
            .Validate(h => h.MaxReconnectDelay >= h.MinReconnectDelay, "History__MaxReconnectDelay must be at least History__MinReconnectDelay.")
            .ValidateOnStart();
        services.AddSingleton<HistoryWriter>();
        services.AddHostedService<HistoryFollower>();
        return services;
    }
}
