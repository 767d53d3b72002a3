using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Api.Options;

/// <summary>Sign-in settings (<c>Auth</c>): token lifetimes, password hashing, lockout and login rate limits.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>PBKDF2-HMAC-SHA512 iterations for new hashes; OWASP asks for at least 210,000. Raising it rehashes at the next login.</summary>
    [Range(210_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 210_000;

    /// <summary>Consecutive failed logins that lock the account.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Login attempts a client address may make per <see cref="LoginWindow"/>.</summary>
    [Range(1, 100_000)]
    public int LoginPermitsPerAddress { get; set; } = 30;

    /// <summary>Login attempts one account name may receive per <see cref="LoginWindow"/>, from anywhere.</summary>
    [Range(1, 100_000)]
    public int LoginPermitsPerAccount { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
