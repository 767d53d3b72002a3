using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Options;

namespace ServiceQueue.Api.Extensions;

/// <summary>Login attempts per client address (middleware); per account is <see cref="Identity.LoginAccountRateLimiter"/>.</summary>
internal static class LoginRateLimiting
{
    public const string PerAddressPolicy = "login-per-address";

    public static IServiceCollection AddLoginRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteProblemAsync;
            // Behind a proxy the address is the proxy's unless ASPNETCORE_FORWARDEDHEADERS_ENABLED is set
            // (the Kubernetes publish sets it): then it is the client's, from X-Forwarded-For.
            limiter.AddPolicy(PerAddressPolicy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.LoginPermitsPerAddress, Window = settings.LoginWindow, QueueLimit = 0 });
            });
        });

    private static async ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Create(CultureInfo.InvariantCulture, $"Too many attempts from this address; try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds."),
            },
        });
    }
}
