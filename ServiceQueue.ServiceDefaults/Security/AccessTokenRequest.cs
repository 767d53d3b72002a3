namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Who an access token is for.</summary>
public sealed record AccessTokenRequest(
    string Subject,
    string Name,
    string Role,
    IReadOnlyList<string> Queues,
    string? Desk);
