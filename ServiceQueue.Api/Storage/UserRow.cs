namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>users</c>: personal data still sealed.</summary>
internal sealed class UserRow
{
    public const string Columns = """
        id AS Id, user_name AS UserName, role AS Role, full_name AS FullName, email AS Email,
        default_desk AS DefaultDesk, password_hash AS PasswordHash, failed_logins AS FailedLogins,
        locked_until AS LockedUntil, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public string Id { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Role { get; set; } = "";
    public byte[]? FullName { get; set; }
    public byte[]? Email { get; set; }
    public string? DefaultDesk { get; set; }
    public string PasswordHash { get; set; } = "";
    public int FailedLogins { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
