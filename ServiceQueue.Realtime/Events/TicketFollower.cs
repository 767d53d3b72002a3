using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>One ticket page's connection following its ticket: what it was last told, and where the ticket is now.</summary>
internal sealed class TicketFollower(string connectionId, string holderHash, string ticketId, QueueAddress queue, TicketStatusView status)
{
    public string ConnectionId => connectionId;

    /// <summary>The SHA-256 of the page's token: the Broker finds the open ticket by it.</summary>
    public string HolderHash => holderHash;

    /// <summary>Kept to read how the ticket ended once the holder no longer finds it.</summary>
    public string TicketId => ticketId;

    /// <summary>Changed by a transfer; under the followers' lock.</summary>
    public QueueAddress Queue { get; set; } = queue;

    /// <summary>What the page was last sent; touched only while <see cref="Refreshing"/> is held.</summary>
    public TicketStatusView LastSent { get; set; } = status;

    /// <summary>One refresh at a time, so the page never receives an older state after a newer one.</summary>
    public SemaphoreSlim Refreshing { get; } = new(1, 1);

    /// <summary>Set once the page was told the end (or left): nothing more is sent.</summary>
    public bool Ended { get; set; }
}
