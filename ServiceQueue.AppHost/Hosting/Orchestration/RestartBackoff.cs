namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>Exponential delays between restarts (1 s, 2 s, 4 s ... capped), forgotten once a run lasted long enough.</summary>
internal sealed class RestartBackoff(TimeSpan initial, TimeSpan maximum)
{
    private int _attempt;

    /// <summary>A run at least this long counts as recovered: the next crash starts again at the initial delay.</summary>
    public TimeSpan StableAfter => maximum * 2;

    public TimeSpan Next()
    {
        var delay = TimeSpan.FromTicks(Math.Min(maximum.Ticks, initial.Ticks * (1L << Math.Min(_attempt, 20))));
        _attempt++;
        return delay;
    }

    public void RanFor(TimeSpan uptime)
    {
        if (uptime >= StableAfter)
        {
            _attempt = 0;
        }
    }

    public void Reset() => _attempt = 0;
}
