namespace ServiceQueue.Api.Model;

public sealed record UserResponse(
    string Id,
    string UserName,
    string Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string> Queues,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static UserResponse From(User user) => new(
        user.Id, user.UserName, user.Role, user.FullName, user.Email, user.DefaultDesk, user.Queues, user.CreatedAt, user.UpdatedAt);
}
