namespace ServiceQueue.Api.Model;

/// <summary>The refresh token whose family ends; without one, every session of the caller ends.</summary>
public sealed record LogoutRequest(string? RefreshToken);
