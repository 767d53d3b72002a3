namespace ServiceQueue.Api.Model;

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);
