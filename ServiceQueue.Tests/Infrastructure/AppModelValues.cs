using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>Values the started AppHost resolved, read from its app model.</summary>
internal static class AppModelValues
{
    /// <summary>A parameter's value (a generated password, a key) as the AppHost resolved it.</summary>
    public static async Task<string> ParameterAsync(this DistributedApplication app, string name)
    {
        var parameter = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>().Single(p => p.Name == name);
        return await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException($"{name} has no value.");
    }
}
