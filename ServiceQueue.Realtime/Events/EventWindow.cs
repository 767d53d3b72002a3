using ServiceQueue.Broker.V1;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// How far this instance has fanned out the Broker's stream, and the latest events (every queue, gapless),
/// so a subscriber whose snapshot is behind that point can be given exactly the events it missed.
/// All changes happen under <see cref="Gate"/>, which also makes joining a group atomic with fan-out.
/// </summary>
internal sealed class EventWindow(int capacity)
{
    private readonly Queue<QueueEvent> _recent = new(capacity);
    private readonly Lock _progressLock = new();
    private TaskCompletionSource _progress = NewSignal();
    private long _position = -1;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The cursor up to which every event has been fanned out; null before the stream's first message.</summary>
    public ulong? Position => Volatile.Read(ref _position) is var position and >= 0 ? (ulong)position : null;

    /// <summary>Under <see cref="Gate"/>: the event has been fanned out.</summary>
    public void Append(QueueEvent e)
    {
        if (_recent.Count == capacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(e);
        Advance(e.Cursor);
    }

    /// <summary>Under <see cref="Gate"/>: a heartbeat says nothing happened up to <paramref name="cursor"/>.</summary>
    public void Advance(ulong cursor)
    {
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

    /// <summary>Under <see cref="Gate"/>: the Broker's stream was reset; nothing before now can be replayed.</summary>
    public void Reset()
    {
        _recent.Clear();
        Volatile.Write(ref _position, -1);
    }

    /// <summary>Under <see cref="Gate"/>: every event after <paramref name="after"/> that was fanned out, or false when some are no longer held.</summary>
    public bool TryGetAfter(ulong after, out List<QueueEvent> events)
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

        if (_recent.Count == 0 || _recent.Peek().Cursor > after + 1)
        {
            return false;
        }

        events.AddRange(_recent.Where(e => e.Cursor > after));
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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
