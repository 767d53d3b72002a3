using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>branches</c>: one office of the chain.</summary>
internal sealed class BranchRow
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public bool IsOpen { get; set; }

    /// <summary>The region the branch is in, if any: a supervisor of a region holds the role in each of its branches.</summary>
    public string? Region { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public BranchResponse ToResponse() => new(Code, Name, TimeZone, IsOpen, Region, Utc.From(CreatedAt), Utc.From(UpdatedAt));
}
