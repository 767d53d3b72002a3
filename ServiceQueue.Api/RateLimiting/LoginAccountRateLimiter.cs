using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.Options;

namespace ServiceQueue.Api.RateLimiting;

/// <summary>
/// Login attempts per account name, whatever the client address: the name is in the body, which the
/// rate-limiting middleware does not read, so the handler asks this limiter.
/// </summary>
internal sealed class LoginAccountRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginAccountRateLimiter(IOptions<AuthOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(
            account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.LoginPermitsPerAccount, Window = settings.LoginWindow, QueueLimit = 0 }));
    }

    /// <summary>A lease to attempt a login for <paramref name="userName"/>; dispose it when done.</summary>
    public RateLimitLease Acquire(string userName) => _limiter.AttemptAcquire(userName.Trim().ToUpperInvariant());

    public void Dispose() => _limiter.Dispose();
}
