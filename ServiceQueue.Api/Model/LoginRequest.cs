namespace ServiceQueue.Api.Model;

public sealed record LoginRequest(string? UserName, string? Password);
