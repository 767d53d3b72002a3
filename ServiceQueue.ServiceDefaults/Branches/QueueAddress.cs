using System.Diagnostics.CodeAnalysis;
using ServiceQueue.ServiceDefaults.Intake;

namespace ServiceQueue.ServiceDefaults.Branches;

/// <summary>
/// A queue named by its branch and its code (docs/branches.md). As one string it is <c>&lt;branch&gt;.&lt;code&gt;</c>;
/// a code alone names a queue of the default branch, which is how everything written before branches reads.
/// </summary>
public readonly record struct QueueAddress(string Branch, string Code)
{
    public const char Separator = '.';

    public override string ToString() => Branch + Separator + Code;

    /// <summary>Reads <c>&lt;branch&gt;.&lt;code&gt;</c>, or a bare code as the default branch's; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, string defaultBranch, out QueueAddress address)
    {
        address = default;
        if (value is null)
        {
            return false;
        }

        var dot = value.IndexOf(Separator, StringComparison.Ordinal);
        var (branch, code) = dot < 0 ? (defaultBranch, value) : (value[..dot], value[(dot + 1)..]);
        if (!ServiceRequestRules.IsQueueCode(branch) || !ServiceRequestRules.IsQueueCode(code))
        {
            return false;
        }

        address = new QueueAddress(branch, code);
        return true;
    }
}
