using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>branches</c>: one office of the chain.</summary>
internal sealed class BranchRow
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public bool IsOpen { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public BranchResponse ToResponse() => new(Code, Name, TimeZone, IsOpen, Utc.From(CreatedAt), Utc.From(UpdatedAt));
}
