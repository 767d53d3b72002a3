using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// The statistics pages draw from: a queue's figures per time bucket and its waits per band, aggregated by MariaDB over
/// <c>service_history</c> with the same definitions as <see cref="HistoryQueries.StatsAsync"/>; only empty buckets and bands are made here.
/// </summary>
internal sealed class SeriesQueries(IDbContextFactory<ServiceQueueDbContext> contexts)
{
    private const double MicrosPerSecond = 1_000_000;

    /// <summary>The lower bounds of the wait bands, in minutes; the last band has no upper bound.</summary>
    public static readonly IReadOnlyList<int> WaitBandMinutes = [0, 1, 2, 5, 10, 15, 20, 30, 45, 60];

    /// <summary>The queue's buckets of <paramref name="bucket"/> from <paramref name="from"/>, or null when the queue is neither defined nor in the history.</summary>
    public async Task<QueueSeriesResponse?> SeriesAsync(
        string branch, string queue, DateTimeOffset from, DateTimeOffset to, string bucketName, TimeSpan bucket, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SlaAsync(db, branch, queue, cancellationToken) is not { } known)
        {
            return null;
        }

        var sla = known.SlaSeconds;
        var parameters = Parameters(branch, queue, from, to, sla, bucket);
        var finished = (await db.Database.SqlQueryRaw<FinishedBucket>(FinishedSql, parameters()).ToListAsync(cancellationToken)).ToDictionary(b => b.Bucket);
        var arrivals = (await db.Database.SqlQueryRaw<ArrivalBucket>(ArrivalsSql, parameters()).ToListAsync(cancellationToken)).ToDictionary(b => b.Bucket, b => b.Arrivals);
        var count = BucketCount(from, to, bucket);
        var points = new List<SeriesPoint>(count);
        for (var i = 0; i < count; i++)
        {
            var row = finished.GetValueOrDefault(i) ?? new FinishedBucket();
            points.Add(new SeriesPoint(
                from + (bucket * i),
                arrivals.GetValueOrDefault(i),
                row.Served,
                row.NoShows,
                row.Removed,
                row.Cancelled,
                row.TransferredOut,
                sla is null ? null : row.ServedWithinSla,
                sla is null || row.Served == 0 ? null : (double)row.ServedWithinSla / row.Served,
                Seconds(row.WaitAverage),
                row.EstimateSamples,
                Seconds(row.EstimateError),
                Seconds(row.EstimateAbsoluteError)));
        }

        return new QueueSeriesResponse(branch, queue, from, to, bucketName, sla, points);
    }

    /// <summary>The queue's called segments per wait band, or null when the queue is neither defined nor in the history.</summary>
    public async Task<WaitDistributionResponse?> WaitDistributionAsync(string branch, string queue, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SlaAsync(db, branch, queue, cancellationToken) is not { } known)
        {
            return null;
        }

        var counts = (await db.Database.SqlQueryRaw<BandCount>(WaitBandsSql, Parameters(branch, queue, from, to, known.SlaSeconds, TimeSpan.Zero)())
            .ToListAsync(cancellationToken)).ToDictionary(b => b.Band, b => b.Count);
        var bands = WaitBandMinutes
            .Select((lower, i) => new WaitBand(lower, i + 1 < WaitBandMinutes.Count ? WaitBandMinutes[i + 1] : null, counts.GetValueOrDefault(i)))
            .ToList();
        return new WaitDistributionResponse(branch, queue, from, to, known.SlaSeconds, bands.Sum(b => b.Count), bands);
    }

    /// <summary>How many buckets [from, to) holds, the last one possibly cut short.</summary>
    public static int BucketCount(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket) => (int)Math.Ceiling((to - from) / bucket);

    /// <summary>The queue's SLA, wrapped so that a queue without one is told apart from a queue nobody knows (null).</summary>
    private static async Task<KnownQueue?> SlaAsync(ServiceQueueDbContext db, string branch, string queue, CancellationToken cancellationToken)
    {
        var definition = await db.QueueDefinitions.AsNoTracking().Where(q => q.BranchCode == branch && q.Code == queue)
            .Select(q => new KnownQueue(q.SlaSeconds)).SingleOrDefaultAsync(cancellationToken);
        return definition ?? (await db.ServiceHistory.AnyAsync(h => h.BranchCode == branch && h.QueueCode == queue, cancellationToken) ? new KnownQueue(null) : null);
    }

    // A fresh set per statement: a MySqlParameter belongs to one command.
    private static Func<object[]> Parameters(string branch, string queue, DateTimeOffset from, DateTimeOffset to, int? sla, TimeSpan bucket) => () =>
    [
        new MySqlParameter("@branch", branch),
        new MySqlParameter("@queue", queue),
        new MySqlParameter("@from", from.UtcDateTime),
        new MySqlParameter("@to", to.UtcDateTime),
        new MySqlParameter("@sla", (object?)sla ?? DBNull.Value),
        new MySqlParameter("@bucket", bucket.Ticks / TimeSpan.TicksPerMicrosecond),
    ];

    private sealed record KnownQueue(int? SlaSeconds);

    private const string Range = "branch_code = @branch AND queue_code = @queue AND finished_at >= @from AND finished_at < @to";
    private const string Wait = "TIMESTAMPDIFF(MICROSECOND, enqueued_at, called_at)";
    private const string Called = "called_at IS NOT NULL AND outcome IN ('completed', 'no_show')";
    private const string Quoted = "quoted_wait_seconds IS NOT NULL AND called_at IS NOT NULL AND transferred_from_queue IS NULL";

    // The bucket is the whole number of bucket lengths between `from` and the moment, in microseconds (exact in TIMESTAMPDIFF).
    private const string FinishedSql = $"""
        SELECT
          TIMESTAMPDIFF(MICROSECOND, @from, finished_at) DIV @bucket AS Bucket,
          CAST(SUM(outcome = 'completed') AS SIGNED) AS Served,
          CAST(SUM(outcome = 'no_show') AS SIGNED) AS NoShows,
          CAST(SUM(outcome = 'removed') AS SIGNED) AS Removed,
          CAST(SUM(outcome = 'cancelled') AS SIGNED) AS Cancelled,
          CAST(SUM(outcome = 'transferred') AS SIGNED) AS TransferredOut,
          CAST(COALESCE(SUM(outcome = 'completed' AND @sla IS NOT NULL AND {Wait} <= @sla * 1000000), 0) AS SIGNED) AS ServedWithinSla,
          CAST(AVG(CASE WHEN {Called} THEN {Wait} END) AS DOUBLE) AS WaitAverage,
          CAST(COALESCE(SUM({Quoted}), 0) AS SIGNED) AS EstimateSamples,
          CAST(AVG(CASE WHEN {Quoted} THEN quoted_wait_seconds * 1000000 - {Wait} END) AS DOUBLE) AS EstimateError,
          CAST(AVG(CASE WHEN {Quoted} THEN ABS(quoted_wait_seconds * 1000000 - {Wait}) END) AS DOUBLE) AS EstimateAbsoluteError
        FROM service_history
        WHERE {Range}
        GROUP BY Bucket
        """;

    // A segment is in the history once it finished, and finished no earlier than it entered: `finished_at >= @from` keeps the read
    // on the (branch, queue, finished_at) index without losing any segment that entered in range.
    private const string ArrivalsSql = """
        SELECT TIMESTAMPDIFF(MICROSECOND, @from, enqueued_at) DIV @bucket AS Bucket, COUNT(*) AS Arrivals
        FROM service_history
        WHERE branch_code = @branch AND queue_code = @queue AND finished_at >= @from AND enqueued_at >= @from AND enqueued_at < @to
        GROUP BY Bucket
        """;

    private static readonly string WaitBandsSql = $"""
        SELECT
          CASE {string.Concat(WaitBandMinutes.Skip(1).Select((upper, i) => $"WHEN wait < {upper * 60 * 1_000_000L} THEN {i} "))}ELSE {WaitBandMinutes.Count - 1} END AS Band,
          COUNT(*) AS Count
        FROM (SELECT {Wait} AS wait FROM service_history WHERE {Range} AND {Called}) AS waits
        GROUP BY Band
        """;

    private static double? Seconds(double? micros) => micros is { } value ? Math.Round(value / MicrosPerSecond, 3) : null;

    private sealed class FinishedBucket
    {
        public long Bucket { get; set; }

        public long Served { get; set; }

        public long NoShows { get; set; }

        public long Removed { get; set; }

        public long Cancelled { get; set; }

        public long TransferredOut { get; set; }

        public long ServedWithinSla { get; set; }

        public double? WaitAverage { get; set; }

        public long EstimateSamples { get; set; }

        public double? EstimateError { get; set; }

        public double? EstimateAbsoluteError { get; set; }
    }

    private sealed class ArrivalBucket
    {
        public long Bucket { get; set; }

        public long Arrivals { get; set; }
    }

    private sealed class BandCount
    {
        public long Band { get; set; }

        public long Count { get; set; }
    }
}
