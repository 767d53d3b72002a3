namespace ServiceQueue.Api.Model;

/// <summary>A validated branch definition, ready to store.</summary>
internal sealed record BranchSettings(string Code, string Name, string TimeZone, bool Open, string? Region);
