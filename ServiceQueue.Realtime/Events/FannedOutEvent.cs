using ServiceQueue.Realtime.Model;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// One event of the Broker's stream as the fan-out sends it, rendered once for every recipient:
/// the queues it concerns, the staff view, and the board's <see cref="NowCalling"/> when it is a call.
/// </summary>
internal sealed record FannedOutEvent(ulong Cursor, string Queue, string[] Queues, QueueEventView View, NowCalling? Call);
