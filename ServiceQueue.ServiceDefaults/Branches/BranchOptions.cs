using ServiceQueue.ServiceDefaults.Intake;

namespace ServiceQueue.ServiceDefaults.Branches;

/// <summary>Section <c>Branches</c>, the same in every service (docs/branches.md): the branch everything without a branch belongs to.</summary>
public sealed class BranchOptions
{
    public const string SectionName = "Branches";

    /// <summary>The default branch's code unless configured; the Branches migration creates it.</summary>
    public const string DefaultCode = "MAIN";

    /// <summary>The branch a request, token or routing key naming none belongs to; its Redis keys are the layout from before branches.</summary>
    public string Default { get; set; } = DefaultCode;

    /// <summary>A branch code follows the queue code's rule, so <c>&lt;branch&gt;.&lt;queue&gt;</c> splits exactly.</summary>
    public static bool IsValid(BranchOptions options) => ServiceRequestRules.IsQueueCode(options?.Default);
}
