using System.Diagnostics.CodeAnalysis;
using ServiceQueue.ServiceDefaults.Intake;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.ServiceDefaults.Branches;

/// <summary>A role held in one branch; in a token's <c>branches</c> claim it reads <c>&lt;branch&gt;:&lt;role&gt;</c>.</summary>
public readonly record struct BranchGrant(string Branch, string Role)
{
    public const char Separator = ':';

    public override string ToString() => Branch + Separator + Role;

    public static bool TryParse([NotNullWhen(true)] string? value, out BranchGrant grant)
    {
        grant = default;
        var colon = value?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (colon < 0)
        {
            return false;
        }

        var branch = value![..colon];
        var role = ServiceQueueRoles.Normalize(value[(colon + 1)..]);
        if (!ServiceRequestRules.IsQueueCode(branch) || role is null or ServiceQueueRoles.Admin)
        {
            return false;
        }

        grant = new BranchGrant(branch, role);
        return true;
    }
}
