using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// An AppHost under test forwards every resource's console output and every HTTP call its clients make
/// to the test run's console at Information; in a full run that buried the results. Warnings and errors
/// still reach the console, and the resources' logs stay in the AppHost's own notifications.
/// </summary>
internal static class QuietAppHostLogs
{
    public static IDistributedApplicationTestingBuilder WithQuietLogs(this IDistributedApplicationTestingBuilder builder)
    {
        builder.Services.AddLogging(logging => logging
            .AddFilter("ServiceQueue.AppHost.Resources", LogLevel.Warning)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning));
        return builder;
    }
}
