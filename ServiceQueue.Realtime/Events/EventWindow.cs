namespace ServiceQueue.Realtime.Events;

/// <summary>
/// How far this instance has fanned out the Broker's stream, and the latest events (every queue, gapless,
/// at most <c>capacity</c> and none older than <c>maxAge</c>), so a subscriber whose snapshot is behind
/// that point can be given exactly the events it missed. Changes happen under the fan-out's lock.
/// </summary>
internal sealed class EventWindow(int capacity, TimeSpan maxAge, TimeProvider clock)
{
    private readonly Queue<(FannedOutEvent Event, long At)> _recent = new();
    private readonly Lock _progressLock = new();
    private TaskCompletionSource _progress = NewSignal();
    private long _position = -1;

    /// <summary>The cursor up to which every event has been fanned out; null before the stream's first message.</summary>
    public ulong? Position => Volatile.Read(ref _position) is var position and >= 0 ? (ulong)position : null;

    /// <summary>Events held now (for tests and the documentation's memory figures).</summary>
    public int Count => _recent.Count;

    /// <summary>The event has been fanned out.</summary>
    public void Append(FannedOutEvent e)
    {
        Trim();
        if (_recent.Count >= capacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue((e, clock.GetTimestamp()));
        Advance(e.Cursor);
    }

    /// <summary>A heartbeat says nothing happened up to <paramref name="cursor"/>.</summary>
    public void Advance(ulong cursor)
    {
        Trim();
        if (Position is { } position && cursor <= position)
        {
            return;
        }

        Volatile.Write(ref _position, (long)cursor);
        lock (_progressLock)
        {
            _progress.TrySetResult();
            _progress = NewSignal();
        }
    }

    /// <summary>The Broker's stream was reset; nothing before now can be replayed.</summary>
    public void Reset()
    {
        _recent.Clear();
        Volatile.Write(ref _position, -1);
    }

    /// <summary>Every event after <paramref name="after"/> that was fanned out, or false when some are no longer held.</summary>
    public bool TryGetAfter(ulong after, out List<FannedOutEvent> events)
    {
        events = [];
        if (Position is not { } position || position < after)
        {
            return false;
        }

        if (position == after)
        {
            return true;
        }

        if (_recent.Count == 0 || _recent.Peek().Event.Cursor > after + 1)
        {
            return false;
        }

        events.AddRange(_recent.Where(e => e.Event.Cursor > after).Select(e => e.Event));
        return true;
    }

    /// <summary>Completes once the fan-out has reached <paramref name="cursor"/>.</summary>
    public async Task WaitForAsync(ulong cursor, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_progressLock)
            {
                if (Position is { } position && position >= cursor)
                {
                    return;
                }

                signal = _progress.Task;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    private void Trim()
    {
        var now = clock.GetTimestamp();
        while (_recent.TryPeek(out var oldest) && clock.GetElapsedTime(oldest.At, now) > maxAge)
        {
            _recent.Dequeue();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
