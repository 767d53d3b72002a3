namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>The roles of contracts.md; also the names of the authorization policies that require them.</summary>
public static class ServiceQueueRoles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Attendant = "Attendant";

    public static IReadOnlyList<string> All { get; } = [Admin, Supervisor, Attendant];

    /// <summary>The canonical spelling of <paramref name="role"/>, or null when it is not a role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
}
