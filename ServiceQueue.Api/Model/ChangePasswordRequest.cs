namespace ServiceQueue.Api.Model;

/// <summary><see cref="CurrentPassword"/> is required when users change their own password.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
