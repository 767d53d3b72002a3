namespace ServiceQueue.Realtime.Model;

/// <summary>The <c>Resync</c> message of <c>/hubs/queues</c>: no more events of the queue follow; subscribe again for a fresh snapshot.</summary>
internal sealed record ResyncNotice(string Queue, string Address, string Reason);
