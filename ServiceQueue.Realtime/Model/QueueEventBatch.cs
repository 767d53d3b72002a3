namespace ServiceQueue.Realtime.Model;

/// <summary>
/// The <c>QueueEvents</c> message of <c>/hubs/queues</c>: every event of <paramref name="Queue"/> (as the
/// client named it in <c>Subscribe</c>; <paramref name="Address"/> is its <c>BRANCH.CODE</c>) after
/// cursor <paramref name="After"/> up to the last one here, in cursor order. <paramref name="After"/> is the
/// cursor of the previous batch's last event (or the snapshot's), so a client sees a gap at once.
/// </summary>
internal sealed record QueueEventBatch(string Queue, string Address, ulong After, IReadOnlyList<QueueEventView> Events);
