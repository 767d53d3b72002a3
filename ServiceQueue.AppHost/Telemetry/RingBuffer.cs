namespace ServiceQueue.AppHost.Telemetry;

/// <summary>The newest <see cref="Capacity"/> items, oldest first; not thread-safe (owners lock).</summary>
internal sealed class RingBuffer<T>(int capacity)
{
    private readonly T[] _items = new T[Math.Max(1, capacity)];
    private int _next;

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    /// <summary>How many items were pushed out to make room since the buffer was created.</summary>
    public long Evicted { get; private set; }

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Evicted++;
        }
        else
        {
            Count++;
        }

        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
    }

    public IEnumerable<T> Items()
    {
        var start = (_next - Count + _items.Length) % _items.Length;
        for (var i = 0; i < Count; i++)
        {
            yield return _items[(start + i) % _items.Length];
        }
    }
}
