using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>The branch of what the Broker sends: an empty branch is the default branch's (data from before branches).</summary>
internal static class BrokerBranches
{
    public static string Or(string? branch, string defaultBranch) => string.IsNullOrEmpty(branch) ? defaultBranch : branch;

    public static QueueAddress AddressOf(this Ticket ticket, string defaultBranch) => new(Or(ticket.Branch, defaultBranch), ticket.Queue);

    public static QueueAddress AddressOf(this QueueEvent e, string defaultBranch) => new(Or(e.Branch, defaultBranch), e.Queue);

    public static QueueAddress AddressOf(this QueueDefinition d, string defaultBranch) => new(Or(d.Branch, defaultBranch), d.Code);
}
