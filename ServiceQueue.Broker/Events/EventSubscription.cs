using System.Threading.Channels;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Events;

/// <summary>
/// One Watch stream's place at the pump: every event after <see cref="StartAfter"/>, in order, through a
/// bounded buffer. When the buffer is full the pump ends it (RESOURCE_EXHAUSTED) rather than wait.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly Channel<BrokerEvent> _events;
    private readonly Action<EventSubscription> _unsubscribe;

    public EventSubscription(long startAfter, int capacity, Action<EventSubscription> unsubscribe)
    {
        StartAfter = startAfter;
        _unsubscribe = unsubscribe;
        _events = Channel.CreateBounded<BrokerEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The pump's cursor when this subscription joined: live events start right after it.</summary>
    public long StartAfter { get; }

    public ChannelReader<BrokerEvent> Events => _events.Reader;

    /// <summary>Called by the pump only; false when the subscriber is too slow and has been ended.</summary>
    public bool Offer(BrokerEvent brokerEvent)
    {
        if (_events.Writer.TryWrite(brokerEvent))
        {
            return true;
        }

        _events.Writer.TryComplete(new BrokerException(
            BrokerErrorCode.ResourceExhausted,
            "slow_subscriber",
            $"the subscriber fell more than its buffer behind; call Watch again after cursor {brokerEvent.Cursor - 1} or the last one received"));
        return false;
    }

    /// <summary>Ends the stream with <paramref name="reason"/> (shutdown, or a stream that went back after data loss).</summary>
    public void End(BrokerException reason) => _events.Writer.TryComplete(reason);

    public void Dispose()
    {
        _events.Writer.TryComplete();
        _unsubscribe(this);
    }
}
