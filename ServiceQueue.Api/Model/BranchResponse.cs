namespace ServiceQueue.Api.Model;

/// <summary>A branch (one office of the chain) as stored in MySQL.</summary>
public sealed record BranchResponse(
    string Code,
    string Name,
    string TimeZone,
    bool Open,
    string? Region,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
