using Dapper;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>Reads of <c>service_history</c>: pages of entries and the statistics of a queue, computed by MySQL.</summary>
internal sealed class HistoryQueries(MySqlConnectionFactory connections)
{
    private const double MicrosPerSecond = 1_000_000;

    public async Task<Page<HistoryEntryResponse>> PageAsync(
        string? queue, string? attendant, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter()
            .Add("queue_code = @queue", "queue", queue)
            .Add("attendant_id = @attendant", "attendant", attendant)
            .Add("finished_at >= @from", "from", from?.UtcDateTime)
            .Add("finished_at < @to", "to", to?.UtcDateTime);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (total, rows) = await filter.PageAsync<HistoryRow>(
            connection, "service_history", HistoryRow.Columns, "finished_at DESC, id DESC", page, pageSize, cancellationToken);
        return new Page<HistoryEntryResponse>([.. rows.Select(ToResponse)], page, pageSize, total);
    }

    /// <summary>The queue's figures over [from, to), or null when the queue is neither defined nor in the history.</summary>
    public async Task<QueueStatsResponse?> StatsAsync(string queue, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var definition = await connection.QuerySingleOrDefaultAsync<QueueSla>(new CommandDefinition(
            "SELECT sla_seconds AS SlaSeconds FROM queue_definitions WHERE code = @queue", new { queue }, cancellationToken: cancellationToken));
        var range = new { queue, from = from.UtcDateTime, to = to.UtcDateTime, sla = definition?.SlaSeconds };
        var totals = await connection.QuerySingleAsync<Totals>(new CommandDefinition(TotalsSql, range, cancellationToken: cancellationToken));
        if (definition is null && totals.Segments == 0
            && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM service_history WHERE queue_code = @queue)", new { queue }, cancellationToken: cancellationToken)))
        {
            return null;
        }

        var percentiles = await connection.QuerySingleOrDefaultAsync<Percentiles>(new CommandDefinition(PercentilesSql, range, cancellationToken: cancellationToken));
        var attendants = await connection.QueryAsync<AttendantTotals>(new CommandDefinition(AttendantsSql, range, cancellationToken: cancellationToken));
        return new QueueStatsResponse(
            queue,
            from,
            to,
            totals.Served,
            totals.NoShows,
            totals.Removed,
            totals.TransferredOut,
            new WaitFigures(totals.WaitCount, Seconds(totals.WaitAverage), Seconds(percentiles?.P50), Seconds(percentiles?.P90), Seconds(totals.WaitMax)),
            Seconds(totals.ServiceAverage),
            definition?.SlaSeconds,
            definition?.SlaSeconds is null || totals.Served == 0 ? null : (double)totals.ServedWithinSla / totals.Served,
            new EstimateAccuracy(totals.EstimateSamples, Seconds(totals.EstimateAbsoluteError), Seconds(totals.EstimateError)),
            [.. attendants.Select(a => new AttendantFigures(a.AttendantId, a.Served, a.NoShows, Seconds(a.ServiceAverage), Seconds(a.WaitAverage)))]);
    }

    private const string Range = "queue_code = @queue AND finished_at >= @from AND finished_at < @to";

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

    private const string AttendantsSql = $"""
        SELECT
          attendant_id AS AttendantId,
          CAST(COALESCE(SUM(outcome = 'completed'), 0) AS SIGNED) AS Served,
          CAST(COALESCE(SUM(outcome = 'no_show'), 0) AS SIGNED) AS NoShows,
          CAST(AVG(CASE WHEN outcome = 'completed' AND started_at IS NOT NULL THEN {Service} END) AS DOUBLE) AS ServiceAverage,
          CAST(AVG(CASE WHEN called_at IS NOT NULL THEN {Wait} END) AS DOUBLE) AS WaitAverage
        FROM service_history
        WHERE {Range} AND attendant_id IS NOT NULL AND outcome IN ('completed', 'no_show')
        GROUP BY attendant_id
        ORDER BY attendant_id
        """;

    internal static HistoryEntryResponse ToResponse(HistoryRow row) => new(
        row.TicketId,
        row.RequestId,
        row.QueueCode,
        row.Number,
        row.Priority,
        row.Channel,
        row.Outcome,
        Utc.From(row.EnqueuedAt),
        Utc.From(row.CalledAt),
        Utc.From(row.StartedAt),
        Utc.From(row.FinishedAt),
        row.CalledAt is { } called ? (called - row.EnqueuedAt).TotalSeconds : null,
        row.StartedAt is { } started && row.Outcome == HistoryOutcomes.Completed ? (row.FinishedAt - started).TotalSeconds : null,
        row.AttendantId,
        row.Desk,
        row.RecallCount,
        row.QuotedWaitSeconds,
        row.TransferredFromQueue);

    private static double? Seconds(double? micros) => micros is { } value ? Math.Round(value / MicrosPerSecond, 3) : null;

    private sealed class QueueSla
    {
        public int? SlaSeconds { get; set; }
    }

    private sealed class Totals
    {
        public long Segments { get; set; }

        public long Served { get; set; }

        public long NoShows { get; set; }

        public long Removed { get; set; }

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

        public long Served { get; set; }

        public long NoShows { get; set; }

        public double? ServiceAverage { get; set; }

        public double? WaitAverage { get; set; }
    }
}
