using System.Diagnostics.CodeAnalysis;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// The routing key of a service request (docs/branches.md, Intake): <c>request.&lt;queue&gt;</c> is the default
/// branch's queue, as before branches; <c>request.&lt;branch&gt;.&lt;queue&gt;</c> is that branch's. Both parts follow
/// the queue code's rule, so any other key (more parts, lower case, empty parts) is malformed.
/// </summary>
public static class IntakeRoutingKey
{
    public const string Prefix = "request.";

    /// <summary>The key for a queue of <paramref name="branch"/>; the default branch (or none) keeps the two-part key every publisher knows.</summary>
    public static string For(string? branch, string queue, string defaultBranch)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return string.IsNullOrEmpty(branch) || string.Equals(branch, defaultBranch, StringComparison.Ordinal)
            ? Prefix + queue
            : Prefix + new QueueAddress(branch, queue);
    }

    /// <summary>Reads the queue address a key names (a two-part key names <paramref name="defaultBranch"/>'s queue); false when the key is malformed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? routingKey, string defaultBranch, out QueueAddress address)
    {
        address = default;
        return routingKey is not null
            && routingKey.StartsWith(Prefix, StringComparison.Ordinal)
            && QueueAddress.TryParse(routingKey[Prefix.Length..], defaultBranch, out address);
    }
}
