using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceQueue.Realtime.Options;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The ticket hub is anonymous, so each client address may open only <c>Realtime:TicketConnectionsPerMinute</c>
/// connections a minute (counted at negotiation; 429 with <c>Retry-After</c> past it).
/// </summary>
internal static class TicketHubRateLimiting
{
    public const string PolicyName = "ticket-hub";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddTicketHubRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(PolicyName, static http =>
            {
                // The WebSocket (or other transport) request that follows a negotiation is not counted twice.
                if (!http.Request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) ?? true)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var perMinute = http.RequestServices.GetRequiredService<IOptions<RealtimeOptions>>().Value.TicketConnectionsPerMinute;
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = Window,
                    QueueLimit = 0,
                });
            });
        });
}
