namespace ServiceQueue.Api.Model;

/// <summary>The editable fields of a user, validated.</summary>
internal sealed record UserChanges(
    string Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string> Queues);
