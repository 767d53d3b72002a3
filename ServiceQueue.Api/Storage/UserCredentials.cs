namespace ServiceQueue.Api.Storage;

/// <summary>What signing in needs to know about an account.</summary>
internal sealed record UserCredentials(
    string Id,
    string UserName,
    string PasswordHash,
    DateTimeOffset? LockedUntil);
