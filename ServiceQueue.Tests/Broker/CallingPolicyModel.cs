namespace ServiceQueue.Tests.Broker;

/// <summary>
/// The calling policy of design.md invariant 5, written plainly in C# with no Redis in sight, to
/// check the scripts against: a ticket waiting longer than the maximum wait first (oldest first);
/// else priority tickets FIFO, at most <c>priorityRun</c> in a row while normal tickets wait; else
/// normal tickets FIFO. Each class line is ordered by a key: enqueue appends, Move re-keys between
/// neighbours, Park keeps the key for Resume.
/// </summary>
internal sealed class CallingPolicyModel(int priorityRun, TimeSpan maxWait)
{
    private readonly List<Entry> _waiting = [];
    private readonly Dictionary<string, Entry> _parked = [];
    private int _run;
    private double _counter;

    public int Count => _waiting.Count;

    public IEnumerable<string> WaitingIds => _waiting.Select(e => e.Id);

    public IEnumerable<string> ParkedIds => _parked.Keys;

    public void Enqueue(string id, bool priority, DateTimeOffset now) => _waiting.Add(new Entry(id, priority, ++_counter, now));

    /// <summary>The ticket CallNext must give, taken out of the model.</summary>
    public string? CallNext(DateTimeOffset now)
    {
        var next = Pick(_waiting, _run, now);
        if (next is null)
        {
            return null;
        }

        _run = Take(_waiting, next, _run);
        return next.Id;
    }

    /// <summary>A chosen ticket is called; the priority run is not affected.</summary>
    public void CallTicket(string id) => _waiting.RemoveAll(e => e.Id == id);

    public void Remove(string id) => _waiting.RemoveAll(e => e.Id == id);

    public void Park(string id)
    {
        var entry = _waiting.Single(e => e.Id == id);
        _waiting.Remove(entry);
        _parked[id] = entry;
    }

    public void Resume(string id)
    {
        _waiting.Add(_parked[id]);
        _parked.Remove(id);
    }

    /// <summary>The ticket takes the first place of its class at or after <paramref name="position"/> in the (not overdue) order.</summary>
    public void Move(string id, int position)
    {
        var entry = _waiting.Single(e => e.Id == id);
        _waiting.Remove(entry);
        var order = Order(_waiting, _run, now: null);
        var before = order.Take(position - 1).Count(e => e.Priority == entry.Priority);
        var line = Line(_waiting, entry.Priority);
        double key;
        if (before == 0)
        {
            key = line.Count > 0 ? line[0].Key - 1 : entry.Key;
        }
        else if (before < line.Count)
        {
            key = (line[before - 1].Key + line[before].Key) / 2;
        }
        else
        {
            key = ++_counter;
        }

        _waiting.Add(entry with { Key = key });
    }

    /// <summary>The place of a waiting ticket in the order, not counting the maximum-wait rule (what Enqueue and Move quote).</summary>
    public int PlaceOf(string id) => Order(_waiting, _run, now: null).FindIndex(e => e.Id == id) + 1;

    /// <summary>The whole calling order as of <paramref name="now"/>, if nothing else happened.</summary>
    public IReadOnlyList<string> Order(DateTimeOffset now) => Order(_waiting, _run, now).Select(e => e.Id).ToList();

    private List<Entry> Order(List<Entry> waiting, int run, DateTimeOffset? now)
    {
        var copy = new List<Entry>(waiting);
        var order = new List<Entry>();
        while (Pick(copy, run, now) is { } next)
        {
            run = Take(copy, next, run);
            order.Add(next);
        }

        return order;
    }

    private Entry? Pick(List<Entry> waiting, int run, DateTimeOffset? now)
    {
        if (waiting.Count == 0)
        {
            return null;
        }

        if (maxWait > TimeSpan.Zero && now is { } at)
        {
            var oldest = waiting.OrderBy(e => e.Since).ThenBy(e => e.Id, StringComparer.Ordinal).First();
            if (at - oldest.Since > maxWait)
            {
                return oldest;
            }
        }

        var priority = Line(waiting, true).FirstOrDefault();
        var normal = Line(waiting, false).FirstOrDefault();
        return priority is not null && (normal is null || run < priorityRun) ? priority : normal;
    }

    private static int Take(List<Entry> waiting, Entry entry, int run)
    {
        waiting.Remove(entry);
        return entry.Priority ? (waiting.Any(e => !e.Priority) ? run + 1 : 0) : 0;
    }

    private static List<Entry> Line(List<Entry> waiting, bool priority) =>
        waiting.Where(e => e.Priority == priority).OrderBy(e => e.Key).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();

    private sealed record Entry(string Id, bool Priority, double Key, DateTimeOffset Since);
}
