using System.ComponentModel.DataAnnotations;

namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// The one clock-skew setting of the intake, <c>Intake__MaxClockSkew</c>: the Api checks a request with it
/// before publishing and the Consumer when it arrives, so the two can never disagree about the same request.
/// </summary>
public sealed class ClockSkewOptions
{
    /// <summary>The section both services' intake settings live in (the key predates this class).</summary>
    public const string SectionName = "Intake";

    /// <summary>How far in the future <c>requestedAt</c> may lie (clock skew between publishers and us).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = ServiceRequestRules.DefaultMaxClockSkew;
}
