namespace ServiceQueue.Api.Model;

/// <summary>A staff member as the Api works with it: personal data decrypted, no credentials.</summary>
internal sealed record User(
    string Id,
    string UserName,
    string Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string> Queues,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
