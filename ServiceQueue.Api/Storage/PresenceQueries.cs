using Microsoft.EntityFrameworkCore;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>The presence statistics: <c>attendant_presence</c> intervals clipped to a range.</summary>
internal sealed class PresenceQueries(IDbContextFactory<ServiceQueueDbContext> contexts)
{
    /// <summary>
    /// Each attendant with time in [<paramref name="from"/>, <paramref name="to"/>) in the branch, by name. An interval
    /// still open counts up to <paramref name="now"/> (or <paramref name="to"/>, whichever is first).
    /// </summary>
    public async Task<IReadOnlyList<AttendantPresenceFigures>> FiguresAsync(
        string branch, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (start, end, open) = (from.UtcDateTime, to.UtcDateTime, Min(now, to).UtcDateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var intervals = await db.AttendantPresence.AsNoTracking()
            .Where(p => p.BranchCode == branch && p.StartedAt < end && (p.EndedAt == null || p.EndedAt > start))
            .ToListAsync(cancellationToken);
        return
        [
            .. intervals
                .Select(p => (Row: p, Time: Clip(p.StartedAt, p.EndedAt ?? open, start, end)))
                .Where(p => p.Time > TimeSpan.Zero)
                .GroupBy(p => p.Row.AttendantName, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Figures(g.Key, g.Select(p => p.Row.AttendantUserId).LastOrDefault(id => id is not null), [.. g])),
        ];
    }

    private static AttendantPresenceFigures Figures(string name, string? id, List<(PresenceIntervalRow Row, TimeSpan Time)> spans)
    {
        var available = Sum(spans.Where(s => s.Row.State == PresenceStates.Available));
        var paused = spans.Where(s => s.Row.State == PresenceStates.Paused).ToList();
        var byReason = paused
            .GroupBy(s => s.Row.PauseReason ?? "", StringComparer.Ordinal)
            .Select(g => new PausedReasonSeconds(g.Key, Seconds(Sum(g))))
            .OrderByDescending(r => r.Seconds).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        var pausedTime = Sum(paused);
        return new AttendantPresenceFigures(id, name, Seconds(available + pausedTime), Seconds(available), Seconds(pausedTime), byReason);
    }

    private static TimeSpan Clip(DateTime started, DateTime ended, DateTime from, DateTime to)
    {
        var span = (ended < to ? ended : to) - (started > from ? started : from);
        return span > TimeSpan.Zero ? span : TimeSpan.Zero;
    }

    private static TimeSpan Sum(IEnumerable<(PresenceIntervalRow Row, TimeSpan Time)> spans) =>
        spans.Aggregate(TimeSpan.Zero, (total, s) => total + s.Time);

    // Whole seconds, rounded down: a figure never claims time that did not pass.
    private static long Seconds(TimeSpan time) => (long)Math.Floor(time.TotalSeconds);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
