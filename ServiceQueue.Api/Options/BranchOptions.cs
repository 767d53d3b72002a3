using ServiceQueue.ServiceDefaults.Intake;

namespace ServiceQueue.Api.Options;

/// <summary>The branch everything without a branch belongs to (<c>Branches</c>): the same in every service.</summary>
internal sealed class BranchOptions
{
    public const string SectionName = "Branches";

    /// <summary>The branch the Branches migration creates and moves every existing queue into.</summary>
    public const string DefaultCode = "MAIN";

    public string Default { get; set; } = DefaultCode;

    /// <summary>A branch code follows the queue code's rule, so <c>&lt;branch&gt;.&lt;queue&gt;</c> splits exactly.</summary>
    public static bool IsValid(BranchOptions options) => ServiceRequestRules.IsQueueCode(options.Default);
}
