namespace ServiceQueue.Tests.Api;

/// <summary>Rows written straight into <c>service_history</c>, for tests whose figures must be exactly known.</summary>
internal static class HistoryFixture
{
    private static int _cursor = 1_000_000;

    public static Task InsertAsync(string connectionString, params Row[] rows) =>
        Task.WhenAll(rows.Select(row => ApiDatabase.ExecuteAsync(
            connectionString,
            """
            INSERT INTO service_history (event_cursor, ticket_id, request_id, branch_code, queue_code, number, priority, channel, outcome,
              enqueued_at, called_at, started_at, finished_at, attendant_name, desk, recall_count, quoted_wait_seconds, transferred_from_queue)
            VALUES (@Cursor, @TicketId, @TicketId, @Branch, @Queue, 'X-001', 'normal', 'kiosk', @Outcome,
              @EnqueuedAt, @CalledAt, @StartedAt, @FinishedAt, @Attendant, @Desk, 0, @Quoted, @From)
            """,
            new
            {
                Cursor = Interlocked.Increment(ref _cursor).ToString(System.Globalization.CultureInfo.InvariantCulture),
                TicketId = row.TicketId ?? Guid.NewGuid().ToString("N"),
                row.Branch,
                row.Queue,
                row.Outcome,
                EnqueuedAt = row.EnqueuedAt.UtcDateTime,
                CalledAt = row.CalledAt?.UtcDateTime,
                StartedAt = row.StartedAt?.UtcDateTime,
                FinishedAt = row.FinishedAt.UtcDateTime,
                row.Attendant,
                Desk = row.Attendant is null ? null : "D1",
                row.Quoted,
                row.From,
            })));

    internal sealed record Row(
        string Queue,
        string Outcome,
        DateTimeOffset EnqueuedAt,
        DateTimeOffset? CalledAt,
        DateTimeOffset? StartedAt,
        DateTimeOffset FinishedAt,
        string? Attendant = null,
        int? Quoted = null,
        string? From = null,
        string? TicketId = null,
        string Branch = "MAIN");
}
