namespace ServiceQueue.Api.Model;

public sealed record RefreshRequest(string? RefreshToken);
