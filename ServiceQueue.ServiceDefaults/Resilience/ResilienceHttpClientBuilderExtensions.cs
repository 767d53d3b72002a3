using Microsoft.Extensions.DependencyInjection;

namespace ServiceQueue.ServiceDefaults.Resilience;

public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Takes the standard resilience handler off this client (e.g. the gRPC client, whose calls have
    /// deadlines and streaming bodies of their own). Service discovery stays.
    /// </summary>
    public static IHttpClientBuilder WithoutStandardResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Per-client actions run after the defaults, so the handler the defaults added is there to remove.
        return builder.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (handlers[i] is StandardResilienceHandler)
                {
                    handlers.RemoveAt(i);
                }
            }
        });
    }
}
