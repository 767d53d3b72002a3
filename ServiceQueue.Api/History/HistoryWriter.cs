using System.Data;
using System.Globalization;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using MySql.Data.MySqlClient;
using ServiceQueue.Api.Grpc;
using ServiceQueue.Api.Storage;
using ServiceQueue.Broker.V1;

namespace ServiceQueue.Api.History;

/// <summary>
/// Writes a batch of the Broker's events as history rows and audit entries, and advances the cursor, in
/// one MySQL transaction. The cursor row is locked first, so replicas (or a replay after a crash) skip
/// what is already written: every event takes effect exactly once.
/// </summary>
internal sealed class HistoryWriter(MySqlConnectionFactory connections, AuditLog audit, IOptions<HistoryOptions> options, TimeProvider timeProvider, ILogger<HistoryWriter> logger)
{
    // Column widths of service_history and audit_log: a longer value from the Broker is cut, never allowed to stall the follower.
    private const int IdWidth = 36;
    private const int DeskWidth = 32;

    private string Follower => options.Value.FollowerName;

    /// <summary>The stored cursor (0 before the first event), creating the follower's row when it is missing.</summary>
    public async Task<ulong> ReadCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO history_cursor (follower, event_cursor, updated_at) VALUES (@follower, '0', @now)
            ON DUPLICATE KEY UPDATE follower = follower
            """,
            new { follower = Follower, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<ulong>(new CommandDefinition(
            "SELECT CAST(event_cursor AS UNSIGNED) FROM history_cursor WHERE follower = @follower",
            new { follower = Follower },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records that the Broker's stream went back below the stored cursor; the cursor itself stays (it never goes back).</summary>
    public Task RecordStreamResetAsync(ulong cursor, string reason, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry(AuditActions.HistoryStreamReset, null, AuditActions.EventsSubject, null,
                string.Create(CultureInfo.InvariantCulture, $"stored cursor {cursor}; broker answered {reason}; events at or below it are skipped")),
            cancellationToken);

    /// <summary>Applies <paramref name="batch"/> (in cursor order) and returns the cursor stored afterwards.</summary>
    public async Task<ulong> WriteAsync(IReadOnlyList<WatchResponse> batch, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var stored = await connection.ExecuteScalarAsync<ulong>(new CommandDefinition(
            "SELECT CAST(event_cursor AS UNSIGNED) FROM history_cursor WHERE follower = @follower FOR UPDATE",
            new { follower = Follower }, transaction, cancellationToken: cancellationToken));
        var start = stored;
        int rows = 0, audits = 0;
        foreach (var item in batch)
        {
            if (item.KindCase == WatchResponse.KindOneofCase.Heartbeat)
            {
                // Unfiltered, every event up to a heartbeat's cursor was sent before it; a later one means some were not.
                if (item.Heartbeat.Cursor > stored)
                {
                    await RecordGapAsync(connection, transaction, stored + 1, item.Heartbeat.Cursor, cancellationToken);
                    audits++;
                    stored = item.Heartbeat.Cursor;
                }

                continue;
            }

            var change = item.Event;
            if (change is null || change.Cursor <= stored)
            {
                continue;
            }

            // Cursors are gapless: anything skipped was trimmed from the Broker's stream before we read it.
            if (change.Cursor > stored + 1)
            {
                await RecordGapAsync(connection, transaction, stored + 1, change.Cursor - 1, cancellationToken);
                audits++;
            }

            var (written, audited) = await ApplyAsync(connection, transaction, change, cancellationToken);
            rows += written;
            audits += audited;
            stored = change.Cursor;
        }

        if (stored > start)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE history_cursor SET event_cursor = @cursor, updated_at = @now
                WHERE follower = @follower AND CAST(event_cursor AS UNSIGNED) < @cursor
                """,
                new { follower = Follower, cursor = stored.ToString(CultureInfo.InvariantCulture), now = timeProvider.GetUtcNow().UtcDateTime },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        if (stored > start)
        {
            HistoryLog.BatchWritten(logger, stored, rows, audits);
        }

        return stored;
    }

    private async Task<(int Rows, int Audits)> ApplyAsync(MySqlConnection connection, IDbTransaction transaction, QueueEvent change, CancellationToken cancellationToken)
    {
        var ticket = change.Ticket;
        switch (change.Type)
        {
            case EventType.Completed:
                await InsertAsync(connection, transaction, Finished(change, HistoryOutcomes.Completed), cancellationToken);
                return (1, 0);
            case EventType.NoShow:
                await InsertAsync(connection, transaction, Finished(change, HistoryOutcomes.NoShow), cancellationToken);
                return (1, 0);
            case EventType.Removed:
                await InsertAsync(connection, transaction, Finished(change, HistoryOutcomes.Removed), cancellationToken);
                await audit.WriteAsync(connection, transaction, new AuditEntry(
                    AuditActions.TicketRemoved, Cut(change.Actor, IdWidth), AuditActions.TicketSubject, ticket.Id,
                    $"queue={change.Queue} number={ticket.Number} reason={Cut(ticket.RemovalReason, 200)}", change.OccurredAt.ToDateTimeOffset()), cancellationToken);
                return (1, 1);
            case EventType.Transferred:
                await InsertAsync(connection, transaction, await TransferredAsync(connection, transaction, change, cancellationToken), cancellationToken);
                return (1, 0);
            case EventType.Moved:
                await audit.WriteAsync(connection, transaction, new AuditEntry(
                    AuditActions.TicketMoved, Cut(change.Actor, IdWidth), AuditActions.TicketSubject, ticket.Id,
                    string.Create(CultureInfo.InvariantCulture, $"queue={change.Queue} number={ticket.Number} position={change.Position}"),
                    change.OccurredAt.ToDateTimeOffset()), cancellationToken);
                return (0, 1);
            default:
                return (0, 0);
        }
    }

    private async Task RecordGapAsync(MySqlConnection connection, IDbTransaction transaction, ulong first, ulong last, CancellationToken cancellationToken)
    {
        HistoryLog.Gap(logger, first, last);
        await audit.WriteAsync(connection, transaction, new AuditEntry(
            AuditActions.HistoryGap, null, AuditActions.EventsSubject,
            string.Create(CultureInfo.InvariantCulture, $"{first}-{last}"),
            string.Create(CultureInfo.InvariantCulture, $"events {first} to {last} ({last - first + 1}) were trimmed by the Broker before history read them")),
            cancellationToken);
    }

    /// <summary>The segment a completion, no-show or removal ends: in the queue the ticket waits in now, since it entered it.</summary>
    private static HistoryRow Finished(QueueEvent change, string outcome) => Segment(change, change.Ticket, outcome);

    /// <summary>
    /// The segment a transfer ends, in the source queue, from the ticket as it was there (the event's
    /// <c>before</c>). An event from a Broker that did not send it yet carries only the ticket as it waits
    /// in the target, call details cleared: then the segment starts at the previous transfer recorded
    /// for it, or at enqueue, and its attendant is whoever transferred it.
    /// </summary>
    private static async Task<HistoryRow> TransferredAsync(MySqlConnection connection, IDbTransaction transaction, QueueEvent change, CancellationToken cancellationToken)
    {
        if (change.Before is { } before)
        {
            return Segment(change, before, HistoryOutcomes.Transferred);
        }

        var ticket = change.Ticket;
        var previous = ticket.TransferCount > 1
            ? await connection.QueryFirstOrDefaultAsync<HistoryRow>(new CommandDefinition(
                """
                SELECT queue_code AS QueueCode, finished_at AS FinishedAt FROM service_history
                WHERE ticket_id = @id AND outcome = 'transferred' ORDER BY id DESC LIMIT 1
                """,
                new { id = ticket.Id }, transaction, cancellationToken: cancellationToken))
            : null;
        var reconstructed = new Ticket(ticket)
        {
            Queue = change.Queue,
            TransferCount = ticket.TransferCount - 1,
            TransferredFrom = previous?.QueueCode ?? "",
            WaitingSince = previous is null ? null : Timestamp.FromDateTime(DateTime.SpecifyKind(previous.FinishedAt, DateTimeKind.Utc)),
            Attendant = change.Actor,
        };
        return Segment(change, reconstructed, HistoryOutcomes.Transferred);
    }

    /// <summary>
    /// One row: the part of a ticket's life spent in one queue, ended by <paramref name="outcome"/>.
    /// <paramref name="held"/> is the ticket as it was in that queue; a ticket transferred in started
    /// its segment when it arrived, so each queue's wait is its own.
    /// </summary>
    private static HistoryRow Segment(QueueEvent change, Ticket held, string outcome)
    {
        var transferredIn = held.TransferCount > 0;
        return new HistoryRow
        {
            EventCursor = change.Cursor.ToString(CultureInfo.InvariantCulture),
            TicketId = held.Id,
            RequestId = held.RequestId,
            QueueCode = held.Queue,
            Number = Cut(held.Number, 16)!,
            Priority = TicketText.Priority(held.Priority),
            Channel = TicketText.Channel(held.Channel, unspecified: "unknown"),
            Outcome = outcome,
            EnqueuedAt = (transferredIn && held.WaitingSince is { } since ? since : held.EnqueuedAt).ToDateTime(),
            CalledAt = held.CalledAt?.ToDateTime(),
            StartedAt = held.ServingAt?.ToDateTime(),
            FinishedAt = (held.EndedAt ?? change.OccurredAt).ToDateTime(),
            AttendantId = Cut(string.IsNullOrEmpty(held.Attendant) && outcome == HistoryOutcomes.Transferred ? change.Actor : held.Attendant, IdWidth),
            Desk = Cut(held.Desk, DeskWidth),
            RecallCount = held.RecallCount,
            TransferredFromQueue = transferredIn ? Cut(held.TransferredFrom, 16) : null,
            // The quote was made for the first queue only; later segments have nothing to compare with.
            QuotedWaitSeconds = !transferredIn && held.QuotedEstimate?.Expected is { } quoted ? (int)Math.Round(quoted.ToTimeSpan().TotalSeconds) : null,
        };
    }

    private static string? Cut(string? value, int width) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= width ? value : value[..width];

    private static Task InsertAsync(MySqlConnection connection, IDbTransaction transaction, HistoryRow row, CancellationToken cancellationToken) =>
        // The unique event cursor is the second guard: a replayed event changes nothing (and warns nothing).
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO service_history (event_cursor, ticket_id, request_id, queue_code, number, priority, channel, outcome,
              enqueued_at, called_at, started_at, finished_at, attendant_id, desk, recall_count, quoted_wait_seconds, transferred_from_queue)
            VALUES (@EventCursor, @TicketId, @RequestId, @QueueCode, @Number, @Priority, @Channel, @Outcome,
              @EnqueuedAt, @CalledAt, @StartedAt, @FinishedAt, @AttendantId, @Desk, @RecallCount, @QuotedWaitSeconds, @TransferredFromQueue)
            ON DUPLICATE KEY UPDATE event_cursor = event_cursor
            """,
            row, transaction, cancellationToken: cancellationToken));
}
