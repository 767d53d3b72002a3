namespace ServiceQueue.Broker.Storage;

/// <summary>read_events.lua's answer: the last cursor issued, the oldest retained, and a page of events.</summary>
internal sealed class EventPageReply
{
    public int Ok { get; set; }

    public long Last { get; set; }

    public long First { get; set; }

    public List<StoredEvent> Events { get; set; } = [];
}
