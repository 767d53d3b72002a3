using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// One event of the Broker's stream as the fan-out sends it, rendered once for every recipient:
/// the queue addresses it concerns, the staff view, and the board's <see cref="NowCalling"/> when it is a call.
/// </summary>
internal sealed record FannedOutEvent(ulong Cursor, QueueAddress Queue, QueueAddress[] Queues, QueueEventView View, NowCalling? Call);
