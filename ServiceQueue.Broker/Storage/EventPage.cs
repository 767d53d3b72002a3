using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Storage;

/// <summary>Events after a cursor, with the stream's bounds: <see cref="First"/> is the oldest retained cursor (0 when empty).</summary>
internal sealed record EventPage(long Last, long First, IReadOnlyList<BrokerEvent> Events);
