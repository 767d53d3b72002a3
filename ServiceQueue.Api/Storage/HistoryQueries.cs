using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Reads of <c>service_history</c>: pages of entries through LINQ, and the statistics of a queue in SQL of
/// our own (percentiles and conditional aggregates that LINQ cannot say), parameterised, on EF's connection.
/// </summary>
internal sealed class HistoryQueries(IDbContextFactory<ServiceQueueDbContext> contexts)
{
    private const double MicrosPerSecond = 1_000_000;

    public async Task<Page<HistoryEntryResponse>> PageAsync(HistoryFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.ServiceHistory.AsNoTracking().Where(h => h.BranchCode == filter.Branch);
        if (filter.Queue is { } queue)
        {
            rows = rows.Where(h => h.QueueCode == queue);
        }

        if (filter.Attendant is { } attendant)
        {
            rows = rows.Where(h => h.AttendantUserId == attendant || h.AttendantName == attendant);
        }

        if (filter.ServiceOutcome is { } serviceOutcome)
        {
            rows = rows.Where(h => h.ServiceOutcome == serviceOutcome);
        }

        if (filter.From?.UtcDateTime is { } from)
        {
            rows = rows.Where(h => h.FinishedAt >= from);
        }

        if (filter.To?.UtcDateTime is { } to)
        {
            rows = rows.Where(h => h.FinishedAt < to);
        }

        var total = await rows.LongCountAsync(cancellationToken);
        var items = await rows.OrderByDescending(h => h.FinishedAt).ThenByDescending(h => h.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<HistoryEntryResponse>([.. items.Select(ToResponse)], page, pageSize, total);
    }

    /// <summary>The figures of a branch's queue over [from, to), or null when the queue is neither defined nor in the history.</summary>
    public async Task<QueueStatsResponse?> StatsAsync(string branch, string queue, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var definition = await db.QueueDefinitions.AsNoTracking().Where(q => q.BranchCode == branch && q.Code == queue).Select(q => new { q.SlaSeconds }).SingleOrDefaultAsync(cancellationToken);
        var sla = definition?.SlaSeconds;
        var scope = new StatsScope(branch, queue, from, to, sla);
        var totals = (await QueryAsync<Totals>(db, TotalsSql, scope, cancellationToken)).Single();
        if (definition is null && totals.Segments == 0 && !await db.ServiceHistory.AnyAsync(h => h.BranchCode == branch && h.QueueCode == queue, cancellationToken))
        {
            return null;
        }

        var percentiles = (await QueryAsync<Percentiles>(db, PercentilesSql, scope, cancellationToken)).SingleOrDefault();
        var attendants = await QueryAsync<AttendantTotals>(db, AttendantsSql, scope, cancellationToken);
        var outcomes = await QueryAsync<OutcomeTotals>(db, ServiceOutcomesSql, scope, cancellationToken);
        return new QueueStatsResponse(
            queue,
            branch,
            from,
            to,
            totals.Served,
            totals.NoShows,
            totals.Removed,
            totals.Cancelled,
            totals.TransferredOut,
            new WaitFigures(totals.WaitCount, Seconds(totals.WaitAverage), Seconds(percentiles?.P50), Seconds(percentiles?.P90), Seconds(totals.WaitMax)),
            Seconds(totals.ServiceAverage),
            sla,
            sla is null || totals.Served == 0 ? null : (double)totals.ServedWithinSla / totals.Served,
            new EstimateAccuracy(totals.EstimateSamples, Seconds(totals.EstimateAbsoluteError), Seconds(totals.EstimateError)),
            [.. attendants.Select(a => new AttendantFigures(a.AttendantId, a.AttendantName, a.Served, a.NoShows, Seconds(a.ServiceAverage), Seconds(a.WaitAverage)))],
            [.. outcomes.Select(o => new ServiceOutcomeFigures(o.ServiceOutcome, o.Served))]);
    }

    /// <summary>
    /// The branches' figures side by side over [from, to): one row per branch asked for, in the order given, zeros
    /// for a branch with no history then. Served within SLA counts against each queue's own target.
    /// </summary>
    public async Task<IReadOnlyList<BranchFigures>> CompareBranchesAsync(IReadOnlyList<string> branches, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var figures = new List<BranchFigures>(branches.Count);
        foreach (var branch in branches)
        {
            // One indexed range per branch (branch_code, finished_at): cost grows with the branches asked for, not with the chain.
            var row = (await QueryAsync<BranchTotals>(db, BranchTotalsSql, new StatsScope(branch, "", from, to, null), cancellationToken)).Single();
            figures.Add(new BranchFigures(
                branch,
                row.Served,
                row.NoShows,
                row.Removed,
                row.Cancelled,
                row.TransferredOut,
                new WaitFigures(row.WaitCount, Seconds(row.WaitAverage), null, null, Seconds(row.WaitMax)),
                Seconds(row.ServiceAverage),
                row.ServedWithSla == 0 ? null : (double)row.ServedWithinSla / row.ServedWithSla));
        }

        return figures;
    }

    /// <summary>Runs one of the statistics statements; ToList, so EF sends it as written rather than composing over it.</summary>
    private static Task<List<T>> QueryAsync<T>(ServiceQueueDbContext db, string sql, StatsScope scope, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<T>(
                sql,
                new MySqlParameter("@branch", scope.Branch),
                new MySqlParameter("@queue", scope.Queue),
                new MySqlParameter("@from", scope.From.UtcDateTime),
                new MySqlParameter("@to", scope.To.UtcDateTime),
                new MySqlParameter("@sla", (object?)scope.Sla ?? DBNull.Value))
            .ToListAsync(cancellationToken);

    private sealed record StatsScope(string Branch, string Queue, DateTimeOffset From, DateTimeOffset To, int? Sla);

    private const string Range = "branch_code = @branch AND queue_code = @queue AND finished_at >= @from AND finished_at < @to";

    // Each segment against the SLA of the queue it finished in (a queue with none counts in neither figure).
    private const string BranchTotalsSql = $"""
        SELECT
          CAST(COALESCE(SUM(h.outcome = 'completed'), 0) AS SIGNED) AS Served,
          CAST(COALESCE(SUM(h.outcome = 'no_show'), 0) AS SIGNED) AS NoShows,
          CAST(COALESCE(SUM(h.outcome = 'removed'), 0) AS SIGNED) AS Removed,
          CAST(COALESCE(SUM(h.outcome = 'cancelled'), 0) AS SIGNED) AS Cancelled,
          CAST(COALESCE(SUM(h.outcome = 'transferred'), 0) AS SIGNED) AS TransferredOut,
          CAST(COALESCE(SUM(h.called_at IS NOT NULL AND h.outcome IN ('completed', 'no_show')), 0) AS SIGNED) AS WaitCount,
          CAST(AVG(CASE WHEN h.called_at IS NOT NULL AND h.outcome IN ('completed', 'no_show') THEN TIMESTAMPDIFF(MICROSECOND, h.enqueued_at, h.called_at) END) AS DOUBLE) AS WaitAverage,
          CAST(MAX(CASE WHEN h.called_at IS NOT NULL AND h.outcome IN ('completed', 'no_show') THEN TIMESTAMPDIFF(MICROSECOND, h.enqueued_at, h.called_at) END) AS DOUBLE) AS WaitMax,
          CAST(AVG(CASE WHEN h.outcome = 'completed' AND h.started_at IS NOT NULL THEN TIMESTAMPDIFF(MICROSECOND, h.started_at, h.finished_at) END) AS DOUBLE) AS ServiceAverage,
          CAST(COALESCE(SUM(h.outcome = 'completed' AND q.sla_seconds IS NOT NULL), 0) AS SIGNED) AS ServedWithSla,
          CAST(COALESCE(SUM(h.outcome = 'completed' AND q.sla_seconds IS NOT NULL
                             AND TIMESTAMPDIFF(MICROSECOND, h.enqueued_at, h.called_at) <= q.sla_seconds * 1000000), 0) AS SIGNED) AS ServedWithinSla
        FROM service_history h
        LEFT JOIN queue_definitions q ON q.branch_code = h.branch_code AND q.code = h.queue_code
        WHERE h.branch_code = @branch AND h.finished_at >= @from AND h.finished_at < @to
        """;

    // Everything in microseconds (TIMESTAMPDIFF is exact there); seconds are made in C#.
    private const string Wait = "TIMESTAMPDIFF(MICROSECOND, enqueued_at, called_at)";
    private const string Service = "TIMESTAMPDIFF(MICROSECOND, started_at, finished_at)";
    private const string Quoted = "quoted_wait_seconds IS NOT NULL AND called_at IS NOT NULL AND transferred_from_queue IS NULL";

    private const string TotalsSql = $"""
        SELECT
          COUNT(*) AS Segments,
          CAST(COALESCE(SUM(outcome = 'completed'), 0) AS SIGNED) AS Served,
          CAST(COALESCE(SUM(outcome = 'no_show'), 0) AS SIGNED) AS NoShows,
          CAST(COALESCE(SUM(outcome = 'removed'), 0) AS SIGNED) AS Removed,
          CAST(COALESCE(SUM(outcome = 'cancelled'), 0) AS SIGNED) AS Cancelled,
          CAST(COALESCE(SUM(outcome = 'transferred'), 0) AS SIGNED) AS TransferredOut,
          CAST(COALESCE(SUM(called_at IS NOT NULL AND outcome IN ('completed', 'no_show')), 0) AS SIGNED) AS WaitCount,
          CAST(AVG(CASE WHEN called_at IS NOT NULL AND outcome IN ('completed', 'no_show') THEN {Wait} END) AS DOUBLE) AS WaitAverage,
          CAST(MAX(CASE WHEN called_at IS NOT NULL AND outcome IN ('completed', 'no_show') THEN {Wait} END) AS DOUBLE) AS WaitMax,
          CAST(AVG(CASE WHEN outcome = 'completed' AND started_at IS NOT NULL THEN {Service} END) AS DOUBLE) AS ServiceAverage,
          CAST(COALESCE(SUM(outcome = 'completed' AND @sla IS NOT NULL AND {Wait} <= @sla * 1000000), 0) AS SIGNED) AS ServedWithinSla,
          CAST(COALESCE(SUM({Quoted}), 0) AS SIGNED) AS EstimateSamples,
          CAST(AVG(CASE WHEN {Quoted} THEN ABS(quoted_wait_seconds * 1000000 - {Wait}) END) AS DOUBLE) AS EstimateAbsoluteError,
          CAST(AVG(CASE WHEN {Quoted} THEN quoted_wait_seconds * 1000000 - {Wait} END) AS DOUBLE) AS EstimateError
        FROM service_history
        WHERE {Range}
        """;

    // PERCENTILE_CONT is a window function in MariaDB: the same value on every row, hence DISTINCT.
    private const string PercentilesSql = $"""
        SELECT DISTINCT
          CAST(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY wait) OVER () AS DOUBLE) AS P50,
          CAST(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY wait) OVER () AS DOUBLE) AS P90
        FROM (SELECT {Wait} AS wait FROM service_history
              WHERE {Range} AND called_at IS NOT NULL AND outcome IN ('completed', 'no_show')) AS waits
        """;

    // An attendant is their user id when the name was a user's, else the name the Broker recorded.
    private const string AttendantsSql = $"""
        SELECT
          COALESCE(attendant_user_id, attendant_name) AS AttendantId,
          MAX(attendant_name) AS AttendantName,
          CAST(COALESCE(SUM(outcome = 'completed'), 0) AS SIGNED) AS Served,
          CAST(COALESCE(SUM(outcome = 'no_show'), 0) AS SIGNED) AS NoShows,
          CAST(AVG(CASE WHEN outcome = 'completed' AND started_at IS NOT NULL THEN {Service} END) AS DOUBLE) AS ServiceAverage,
          CAST(AVG(CASE WHEN called_at IS NOT NULL THEN {Wait} END) AS DOUBLE) AS WaitAverage
        FROM service_history
        WHERE {Range} AND attendant_name IS NOT NULL AND outcome IN ('completed', 'no_show')
        GROUP BY COALESCE(attendant_user_id, attendant_name)
        ORDER BY AttendantId
        """;

    private const string ServiceOutcomesSql = $"""
        SELECT service_outcome AS ServiceOutcome, COUNT(*) AS Served
        FROM service_history
        WHERE {Range} AND outcome = 'completed'
        GROUP BY service_outcome
        ORDER BY Served DESC, ServiceOutcome
        """;

    internal static HistoryEntryResponse ToResponse(HistoryRow row) => new(
        row.TicketId,
        row.RequestId,
        row.QueueCode,
        row.BranchCode,
        row.Number,
        row.Priority,
        row.Channel,
        row.Outcome,
        row.ServiceOutcome,
        Utc.From(row.EnqueuedAt),
        Utc.From(row.CalledAt),
        Utc.From(row.StartedAt),
        Utc.From(row.FinishedAt),
        row.CalledAt is { } called ? (called - row.EnqueuedAt).TotalSeconds : null,
        row.StartedAt is { } started && row.Outcome == HistoryOutcomes.Completed ? (row.FinishedAt - started).TotalSeconds : null,
        row.AttendantUserId ?? row.AttendantName,
        row.AttendantName,
        row.Desk,
        row.RecallCount,
        row.QuotedWaitSeconds,
        row.TransferredFromQueue);

    private static double? Seconds(double? micros) => micros is { } value ? Math.Round(value / MicrosPerSecond, 3) : null;

    private sealed class BranchTotals
    {
        public long Served { get; set; }

        public long NoShows { get; set; }

        public long Removed { get; set; }

        public long Cancelled { get; set; }

        public long TransferredOut { get; set; }

        public long WaitCount { get; set; }

        public double? WaitAverage { get; set; }

        public double? WaitMax { get; set; }

        public double? ServiceAverage { get; set; }

        public long ServedWithSla { get; set; }

        public long ServedWithinSla { get; set; }
    }

    private sealed class Totals
    {
        public long Segments { get; set; }

        public long Served { get; set; }

        public long NoShows { get; set; }

        public long Removed { get; set; }

        public long Cancelled { get; set; }

        public long TransferredOut { get; set; }

        public long WaitCount { get; set; }

        public double? WaitAverage { get; set; }

        public double? WaitMax { get; set; }

        public double? ServiceAverage { get; set; }

        public long ServedWithinSla { get; set; }

        public long EstimateSamples { get; set; }

        public double? EstimateAbsoluteError { get; set; }

        public double? EstimateError { get; set; }
    }

    private sealed class Percentiles
    {
        public double? P50 { get; set; }

        public double? P90 { get; set; }
    }

    private sealed class AttendantTotals
    {
        public string AttendantId { get; set; } = "";

        public string? AttendantName { get; set; }

        public long Served { get; set; }

        public long NoShows { get; set; }

        public double? ServiceAverage { get; set; }

        public double? WaitAverage { get; set; }
    }

    private sealed class OutcomeTotals
    {
        public string? ServiceOutcome { get; set; }

        public long Served { get; set; }
    }
}
