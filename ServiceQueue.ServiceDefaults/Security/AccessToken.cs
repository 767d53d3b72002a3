namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>An issued access token: the compact JWS and when it stops being accepted.</summary>
public sealed record AccessToken(string Token, string Id, DateTimeOffset ExpiresAt);
