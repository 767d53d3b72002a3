using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.Broker.Options;

/// <summary>Section <c>Branches</c>, the same in every service (docs/branches.md); validated at start.</summary>
internal sealed class BranchOptions
{
    public const string SectionName = "Branches";

    /// <summary>The branch a request naming none belongs to; its Redis keys are the layout from before branches.</summary>
    [Required]
    [RegularExpression("^[A-Z0-9_-]{1,16}$", ErrorMessage = "Branches:Default must be 1 to 16 of A-Z, 0-9, '_' or '-'.")]
    public string Default { get; set; } = "MAIN";
}
