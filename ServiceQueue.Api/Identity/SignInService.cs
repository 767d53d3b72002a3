using Microsoft.Extensions.Options;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Identity;

/// <summary>Login, refresh and logout: passwords, lockout, token issuing and the audit of each.</summary>
internal sealed partial class SignInService(
    UserStore users,
    RefreshTokenStore refreshTokens,
    PasswordHasher hasher,
    AccessTokenIssuer issuer,
    AuditLog audit,
    IOptions<AuthOptions> options,
    TimeProvider timeProvider,
    ILogger<SignInService> logger)
{
    public async Task<SignInResult> LoginAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var account = await users.FindCredentialsAsync(userName, cancellationToken);
        if (account is null)
        {
            hasher.Verify(null, password);
            await audit.WriteAsync(new AuditEntry(AuditActions.SignInFailed, null, AuditActions.UserSubject, null, "unknown account"), cancellationToken);
            LogSignInFailed(logger, null, "unknown account");
            return SignInResult.Refused;
        }

        var now = timeProvider.GetUtcNow();
        if (account.LockedUntil > now)
        {
            // The same hashing cost as any other refusal, so timing does not tell a locked account apart.
            hasher.Verify(null, password);
            await audit.WriteAsync(new AuditEntry(AuditActions.SignInFailed, null, AuditActions.UserSubject, account.Id, "locked"), cancellationToken);
            LogSignInFailed(logger, account.Id, "locked");
            return SignInResult.Refused;
        }

        var verification = hasher.Verify(account.PasswordHash, password);
        if (verification == PasswordVerification.Failed)
        {
            var settings = options.Value;
            var locked = await users.RecordFailedLoginAsync(account.Id, settings.LockoutThreshold, now + settings.LockoutDuration, cancellationToken);
            await audit.WriteAsync(new AuditEntry(AuditActions.SignInFailed, null, AuditActions.UserSubject, account.Id, "wrong password"), cancellationToken);
            LogSignInFailed(logger, account.Id, "wrong password");
            if (locked)
            {
                await audit.WriteAsync(new AuditEntry(AuditActions.AccountLocked, null, AuditActions.UserSubject, account.Id, $"until={(now + settings.LockoutDuration):O}"), cancellationToken);
                LogLocked(logger, account.Id, settings.LockoutDuration);
            }

            return SignInResult.Refused;
        }

        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            await users.SetPasswordHashAsync(account.Id, hasher.Hash(password), null, cancellationToken);
            LogRehashed(logger, account.Id);
        }

        await users.RecordSuccessfulLoginAsync(account.Id, cancellationToken);
        var user = await users.FindAsync(account.Id, cancellationToken);
        if (user is null)
        {
            return SignInResult.Refused;
        }

        var refreshToken = RefreshTokenValue.Create();
        var refreshExpiresAt = now + options.Value.RefreshTokenLifetime;
        await refreshTokens.AddAsync(RefreshTokenValue.HashOf(refreshToken), RefreshTokenValue.NewFamily(), user.Id, refreshExpiresAt, cancellationToken);
        await audit.WriteAsync(new AuditEntry(AuditActions.SignIn, user.Id, AuditActions.UserSubject, user.Id), cancellationToken);
        LogSignedIn(logger, user.Id);
        return new SignInResult(IssueTokens(user, refreshToken, refreshExpiresAt));
    }

    public async Task<SignInResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var successor = RefreshTokenValue.Create();
        var successorExpiresAt = timeProvider.GetUtcNow() + options.Value.RefreshTokenLifetime;
        var (outcome, userId) = await refreshTokens.RotateAsync(
            RefreshTokenValue.HashOf(refreshToken), RefreshTokenValue.HashOf(successor), successorExpiresAt, cancellationToken);
        if (outcome != RefreshOutcome.Rotated)
        {
            LogRefreshRefused(logger, userId, outcome);
            return SignInResult.Refused;
        }

        var user = await users.FindAsync(userId!, cancellationToken);
        return user is null ? SignInResult.Refused : new SignInResult(IssueTokens(user, successor, successorExpiresAt));
    }

    /// <summary>Ends the session of <paramref name="refreshToken"/>, or every session of the user without one.</summary>
    public async Task LogoutAsync(string userId, string? refreshToken, CancellationToken cancellationToken)
    {
        if (refreshToken is null)
        {
            await refreshTokens.RevokeAllAsync(userId, "logout", cancellationToken);
        }
        else
        {
            await refreshTokens.RevokeFamilyOfAsync(RefreshTokenValue.HashOf(refreshToken), userId, cancellationToken);
        }

        await audit.WriteAsync(new AuditEntry(AuditActions.SignOut, userId, AuditActions.UserSubject, userId, refreshToken is null ? "all sessions" : null), cancellationToken);
    }

    private TokenResponse IssueTokens(User user, string refreshToken, DateTimeOffset refreshExpiresAt)
    {
        var access = issuer.Issue(
            new AccessTokenRequest(user.Id, user.UserName, user.Role, user.QueueClaims, user.DefaultDesk) { Branches = user.Grants },
            options.Value.AccessTokenLifetime);
        return new TokenResponse(access.Token, access.ExpiresAt, refreshToken, refreshExpiresAt);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "User {UserId} signed in")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Sign-in refused for user {UserId}: {Reason}")]
    private static partial void LogSignInFailed(ILogger logger, string? userId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "User {UserId} locked out for {Duration}")]
    private static partial void LogLocked(ILogger logger, string userId, TimeSpan duration);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Password of user {UserId} rehashed with today's parameters")]
    private static partial void LogRehashed(ILogger logger, string userId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Refresh refused for user {UserId}: {Outcome}")]
    private static partial void LogRefreshRefused(ILogger logger, string? userId, RefreshOutcome outcome);
}
