using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ServiceQueue.ServiceDefaults.Presence;

/// <summary>
/// The shape of a pause reason's code (issue 18): what the Api accepts from an Admin and what the Broker accepts in
/// SetPauseReasons, so a list the Api holds can always be pushed. The seeded ones are <c>break</c>, <c>back_office</c>
/// and <c>training</c>.
/// </summary>
public static partial class PauseReasonCodes
{
    public const int MaxLength = 32;

    /// <summary>Most reasons of one branch: bounds the list pause.lua searches and the console's menu.</summary>
    public const int MaxPerBranch = 100;

    /// <summary>True for 1 to 32 of <c>a-z</c>, <c>0-9</c> and <c>_</c>.</summary>
    public static bool IsCode([NotNullWhen(true)] string? code) => code is not null && CodePattern().IsMatch(code);

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CodePattern();
}
