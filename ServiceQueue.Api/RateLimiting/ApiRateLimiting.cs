using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.Options;

namespace ServiceQueue.Api.RateLimiting;

/// <summary>
/// Per-client-address limits on the anonymous routes (middleware): sign-in and refresh, intake, and the status
/// of a request; per-device limits on the kiosk routes. Per account is <see cref="LoginAccountRateLimiter"/>.
/// </summary>
internal static class ApiRateLimiting
{
    public const string LoginPerAddressPolicy = "login-per-address";
    public const string SubmitPerAddressPolicy = "intake-submit-per-address";
    public const string StatusPerAddressPolicy = "intake-status-per-address";

    /// <summary>Every kiosk route, counted per device (the Kiosk scheme's kiosk id), never per address: kiosks of one office share one.</summary>
    public const string KioskPerDevicePolicy = "kiosk-per-device";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteProblemAsync;
            // Each policy keeps its own partitions, so one address's sign-ins, submissions and status reads never share a budget.
            limiter.AddPolicy(LoginPerAddressPolicy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.LoginPermitsPerAddress, Window = settings.LoginWindow, QueueLimit = 0 });
            });
            limiter.AddPolicy(SubmitPerAddressPolicy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<IntakeOptions>>().Value;
                return TokenBucket(http, settings.SubmitBurstPerAddress, settings.SubmitRefillPerAddress, settings.RateLimitRefillPeriod);
            });
            limiter.AddPolicy(StatusPerAddressPolicy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<IntakeOptions>>().Value;
                return TokenBucket(http, settings.StatusBurstPerAddress, settings.StatusRefillPerAddress, settings.RateLimitRefillPeriod);
            });
            limiter.AddPolicy(KioskPerDevicePolicy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<KioskOptions>>().Value;
                // Authorization ran first, so only an enrolled device gets here and the claim is there.
                var device = http.User.FindFirstValue(KioskAuthentication.KioskIdClaim) ?? "unknown";
                return RateLimitPartition.GetTokenBucketLimiter(
                    device,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.BurstPerDevice,
                        TokensPerPeriod = settings.RefillPerDevice,
                        ReplenishmentPeriod = settings.RefillPeriod,
                        AutoReplenishment = true,
                        QueueLimit = 0,
                    });
            });
        });

    // Behind a proxy the address is the proxy's unless ASPNETCORE_FORWARDEDHEADERS_ENABLED is set
    // (the Kubernetes publish sets it): then it is the client's, from X-Forwarded-For. IPv6 clients are
    // counted per /64 (ClientPartition says why).
    private static string ClientAddress(HttpContext http) => ClientPartition.Of(http.Connection.RemoteIpAddress);

    // A bucket, not a window: a kiosk's burst passes at once, steady partner traffic at the refill rate, and nothing queues.
    private static RateLimitPartition<string> TokenBucket(HttpContext http, int burst, int refill, TimeSpan period) =>
        RateLimitPartition.GetTokenBucketLimiter(
            ClientAddress(http),
            _ => new TokenBucketRateLimiterOptions { TokenLimit = burst, TokensPerPeriod = refill, ReplenishmentPeriod = period, AutoReplenishment = true, QueueLimit = 0 });

    private static async ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var what = policy == LoginPerAddressPolicy ? "attempts" : "requests";
        var from = policy == KioskPerDevicePolicy ? "this kiosk" : "this address";
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Create(CultureInfo.InvariantCulture, $"Too many {what} from {from}; try again in {seconds} seconds."),
            },
        });
    }
}
