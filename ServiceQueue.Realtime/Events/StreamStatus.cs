namespace ServiceQueue.Realtime.Events;

/// <summary>Whether the Broker's event stream is open and followed right now (for <c>/health</c>).</summary>
internal sealed class StreamStatus
{
    private volatile bool _following;

    public bool IsFollowing => _following;

    public void Following() => _following = true;

    public void Lost() => _following = false;
}
