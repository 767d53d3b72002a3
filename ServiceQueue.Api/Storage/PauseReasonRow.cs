namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>pause_reasons</c>: a reason an attendant of the branch may give for a pause (issue 18).</summary>
internal sealed class PauseReasonRow
{
    public string BranchCode { get; set; } = "";

    /// <summary><c>[a-z0-9_]{1,32}</c>: what the Broker stores on the presence and history records.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Only active reasons are pushed to the Broker; an inactive one stays listed for the history it named.</summary>
    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The reasons every branch starts with (the migration's seed and each new branch's).</summary>
    public static IReadOnlyList<(string Code, string Name)> Defaults { get; } =
        [("break", "Break"), ("back_office", "Back office"), ("training", "Training")];
}
