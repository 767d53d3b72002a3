namespace ServiceQueue.Api.Model;

public sealed record CreateUserRequest(
    string? UserName,
    string? Password,
    string? Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string>? Queues);
