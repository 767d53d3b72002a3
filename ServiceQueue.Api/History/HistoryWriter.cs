using System.Data;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Storage;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Api.History;

/// <summary>
/// Writes a batch of the Broker's events as history rows and audit entries, and advances the cursor, in
/// one MySQL transaction. The cursor row is locked first, so replicas (or a replay after a crash) skip
/// what is already written: every event takes effect exactly once.
/// </summary>
internal sealed class HistoryWriter(
    IDbContextFactory<ServiceQueueDbContext> contexts, AuditLog audit, IOptions<HistoryOptions> options, IOptions<BranchOptions> branches, TimeProvider timeProvider, ILogger<HistoryWriter> logger)
{
    // Column widths of service_history: a longer value from the Broker is cut, never allowed to stall the follower.
    private const int NameWidth = 64;
    private const int DeskWidth = 32;
    private const int ServiceOutcomeWidth = 64;

    private string Follower => options.Value.FollowerName;

    /// <summary>The stored cursor (0 before the first event), creating the follower's row when it is missing.</summary>
    public async Task<ulong> ReadCursorAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.HistoryCursors.AsNoTracking().Where(c => c.Follower == Follower).Select(c => c.EventCursor).SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            db.HistoryCursors.Add(new HistoryCursorRow { Follower = Follower, EventCursor = "0", UpdatedAt = timeProvider.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (exception.IsDuplicateKey())
            {
                // Another replica made it meanwhile.
            }

            stored = await db.HistoryCursors.AsNoTracking().Where(c => c.Follower == Follower).Select(c => c.EventCursor).SingleAsync(cancellationToken);
        }

        return ulong.Parse(stored, CultureInfo.InvariantCulture);
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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (start, stored, rows, audits) = await db.InTransactionAsync(ct => WriteAsync(db, batch, ct), cancellationToken, IsolationLevel.ReadCommitted);
        if (stored > start)
        {
            HistoryLog.BatchWritten(logger, stored, rows, audits);
        }

        return stored;
    }

    private async Task<(ulong Start, ulong Stored, int Rows, int Audits)> WriteAsync(ServiceQueueDbContext db, IReadOnlyList<WatchResponse> batch, CancellationToken cancellationToken)
    {
        // The lock that makes replicas take turns: raw SQL because LINQ has no FOR UPDATE.
        var locked = await db.Database.SqlQuery<string>(
                $"SELECT event_cursor AS `Value` FROM history_cursor WHERE follower = {Follower} FOR UPDATE")
            .ToListAsync(cancellationToken);
        var start = ulong.Parse(locked.Single(), CultureInfo.InvariantCulture);
        var stored = start;
        var segments = new List<HistoryRow>();
        var presence = new PresenceIntervals(db, branches.Value.Default);
        var audits = 0;
        foreach (var item in batch)
        {
            if (item.KindCase == WatchResponse.KindOneofCase.Heartbeat)
            {
                // Unfiltered, every event up to a heartbeat's cursor was sent before it; a later one means some were not.
                if (item.Heartbeat.Cursor > stored)
                {
                    RecordGap(db, stored + 1, item.Heartbeat.Cursor);
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
                RecordGap(db, stored + 1, change.Cursor - 1);
                audits++;
            }

            if (change.Type == EventType.PresenceChanged)
            {
                await presence.ApplyAsync(change, cancellationToken);
            }
            else
            {
                audits += await ApplyAsync(db, segments, change, cancellationToken);
            }

            stored = change.Cursor;
        }

        await AddSegmentsAsync(db, segments, cancellationToken);
        var intervals = await presence.AddAsync(cancellationToken);
        if (stored > start)
        {
            var cursor = stored.ToString(CultureInfo.InvariantCulture);
            var now = timeProvider.GetUtcNow().UtcDateTime;
            await db.HistoryCursors.Where(c => c.Follower == Follower)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.EventCursor, cursor).SetProperty(c => c.UpdatedAt, now), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (start, stored, segments.Count + intervals, audits);
    }

    /// <summary>
    /// Adds the batch's segments with their attendant resolved to a user (by user name, or by id when the
    /// token named no user name), skipping any whose event is already recorded (the second guard).
    /// </summary>
    private static async Task AddSegmentsAsync(ServiceQueueDbContext db, List<HistoryRow> segments, CancellationToken cancellationToken)
    {
        if (segments.Count == 0)
        {
            return;
        }

        var cursors = segments.Select(s => s.EventCursor).ToList();
        var recorded = (await db.ServiceHistory.Where(h => cursors.Contains(h.EventCursor)).Select(h => h.EventCursor).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var names = segments.Select(s => s.AttendantName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var users = names.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => names.Contains(u.UserName) || names.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName })
            .ToListAsync(cancellationToken);
        foreach (var segment in segments.Where(s => !recorded.Contains(s.EventCursor)))
        {
            if (segment.AttendantName is { } name
                && (users.FirstOrDefault(u => u.UserName == name) ?? users.FirstOrDefault(u => u.Id == name)) is { } user)
            {
                (segment.AttendantUserId, segment.AttendantName) = (user.Id, user.UserName);
            }

            db.ServiceHistory.Add(segment);
        }
    }

    /// <summary>Adds what <paramref name="change"/> means to <paramref name="segments"/> and the audit log; returns the audit entries added.</summary>
    private async Task<int> ApplyAsync(ServiceQueueDbContext db, List<HistoryRow> segments, QueueEvent change, CancellationToken cancellationToken)
    {
        var ticket = change.Ticket;
        switch (change.Type)
        {
            case EventType.Completed:
                segments.Add(Finished(change, HistoryOutcomes.Completed));
                return 0;
            case EventType.NoShow:
                segments.Add(Finished(change, HistoryOutcomes.NoShow));
                return 0;
            case EventType.Removed:
                // The customer's own withdrawal is an outcome of its own: statistics count it apart from removals by staff.
                segments.Add(Finished(change, ticket.RemovalReason == TicketRemovalReasons.CustomerCancelled ? HistoryOutcomes.Cancelled : HistoryOutcomes.Removed));
                audit.Add(db, new AuditEntry(
                    AuditActions.TicketRemoved, Cut(change.Actor, AuditLog.ActorWidth), AuditActions.TicketSubject, ticket.Id,
                    $"queue={change.Queue} number={ticket.Number} reason={Cut(ticket.RemovalReason, 200)}", change.OccurredAt.ToDateTimeOffset())
                { Branch = BranchOf(change, ticket) });
                return 1;
            case EventType.Transferred:
                segments.Add(await TransferredAsync(db, segments, change, cancellationToken));
                return 0;
            case EventType.Moved:
                audit.Add(db, new AuditEntry(
                    AuditActions.TicketMoved, Cut(change.Actor, AuditLog.ActorWidth), AuditActions.TicketSubject, ticket.Id,
                    string.Create(CultureInfo.InvariantCulture, $"queue={change.Queue} number={ticket.Number} position={change.Position}"),
                    change.OccurredAt.ToDateTimeOffset())
                { Branch = BranchOf(change, ticket) });
                return 1;
            case EventType.AlertRaised or EventType.AlertUpdated or EventType.AlertCleared or EventType.AlertAcknowledged when change.Alert is { } alert:
                await RecordAlertAsync(db, change, alert, cancellationToken);
                return 0;
            default:
                return 0;
        }
    }

    /// <summary>
    /// Upserts the alert's row by its id: every alert event carries the whole alert, so any of them (or a replay)
    /// leaves the row as the Broker had it, keeping the first acknowledgement and the largest value seen.
    /// </summary>
    private async Task RecordAlertAsync(ServiceQueueDbContext db, QueueEvent change, QueueAlert alert, CancellationToken cancellationToken)
    {
        // Find looks at the rows this batch already added before asking MySQL: raise and clear may share a batch.
        var row = await db.Alerts.FindAsync([alert.Id], cancellationToken);
        if (row is null)
        {
            row = new AlertRow
            {
                Id = alert.Id,
                BranchCode = new[] { alert.Branch, change.Branch }.FirstOrDefault(b => !string.IsNullOrEmpty(b)) ?? branches.Value.Default,
                QueueCode = alert.Queue,
                Kind = AlertKinds.Of(alert.Kind),
                RaisedAt = alert.RaisedAt.ToDateTime(),
                Threshold = alert.Threshold,
            };
            db.Alerts.Add(row);
        }

        row.UpdatedAt = alert.UpdatedAt.ToDateTime();
        row.Value = alert.Value;
        row.PeakValue = Math.Max(row.PeakValue, alert.Value);
        row.Threshold = alert.Threshold;
        if (!alert.Active && alert.ClearedAt is { } cleared)
        {
            row.ClearedAt = cleared.ToDateTime();
        }

        if (row.AcknowledgedAt is null && alert.AcknowledgedAt is { } acknowledged)
        {
            row.AcknowledgedAt = acknowledged.ToDateTime();
            row.AcknowledgedBy = Cut(alert.AcknowledgedBy, 36);
        }
    }

    private void RecordGap(ServiceQueueDbContext db, ulong first, ulong last)
    {
        HistoryLog.Gap(logger, first, last);
        audit.Add(db, new AuditEntry(
            AuditActions.HistoryGap, null, AuditActions.EventsSubject,
            string.Create(CultureInfo.InvariantCulture, $"{first}-{last}"),
            string.Create(CultureInfo.InvariantCulture, $"events {first} to {last} ({last - first + 1}) were trimmed by the Broker before history read them")));
    }

    /// <summary>The segment a completion, no-show or removal ends: in the queue the ticket waits in now, since it entered it.</summary>
    private HistoryRow Finished(QueueEvent change, string outcome) => Segment(change, change.Ticket, outcome);

    /// <summary>
    /// The segment a transfer ends, in the source queue, from the ticket as it was there (the event's
    /// <c>before</c>). An event from a Broker that did not send it yet carries only the ticket as it waits
    /// in the target, call details cleared: then the segment starts at the previous transfer recorded
    /// for it, or at enqueue, and its attendant is whoever transferred it.
    /// </summary>
    private async Task<HistoryRow> TransferredAsync(ServiceQueueDbContext db, List<HistoryRow> pending, QueueEvent change, CancellationToken cancellationToken)
    {
        if (change.Before is { } before)
        {
            return Segment(change, before, HistoryOutcomes.Transferred);
        }

        var ticket = change.Ticket;
        // The previous transfer may be in this very batch, not saved yet.
        var previous = ticket.TransferCount > 1
            ? pending.LastOrDefault(h => h.TicketId == ticket.Id && h.Outcome == HistoryOutcomes.Transferred)
                ?? await db.ServiceHistory.AsNoTracking()
                    .Where(h => h.TicketId == ticket.Id && h.Outcome == HistoryOutcomes.Transferred)
                    .OrderByDescending(h => h.Id)
                    .FirstOrDefaultAsync(cancellationToken)
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
    private HistoryRow Segment(QueueEvent change, Ticket held, string outcome)
    {
        var transferredIn = held.TransferCount > 0;
        return new HistoryRow
        {
            EventCursor = change.Cursor.ToString(CultureInfo.InvariantCulture),
            TicketId = held.Id,
            RequestId = held.RequestId,
            BranchCode = BranchOf(change, held),
            QueueCode = held.Queue,
            Number = Cut(held.Number, 16)!,
            Priority = TicketText.Priority(held.Priority),
            Channel = TicketText.Channel(held.Channel, unspecified: "unknown"),
            Outcome = outcome,
            ServiceOutcome = outcome == HistoryOutcomes.Completed ? Cut(held.Outcome, ServiceOutcomeWidth) : null,
            EnqueuedAt = (transferredIn && held.WaitingSince is { } since ? since : held.EnqueuedAt).ToDateTime(),
            CalledAt = held.CalledAt?.ToDateTime(),
            StartedAt = held.ServingAt?.ToDateTime(),
            FinishedAt = (held.EndedAt ?? change.OccurredAt).ToDateTime(),
            AttendantName = Cut(string.IsNullOrEmpty(held.Attendant) && outcome == HistoryOutcomes.Transferred ? change.Actor : held.Attendant, NameWidth),
            Desk = Cut(held.Desk, DeskWidth),
            RecallCount = held.RecallCount,
            TransferredFromQueue = transferredIn ? Cut(held.TransferredFrom, 16) : null,
            // The quote was made for the first queue only; later segments have nothing to compare with.
            QuotedWaitSeconds = !transferredIn && held.QuotedEstimate?.Expected is { } quoted ? (int)Math.Round(quoted.ToTimeSpan().TotalSeconds) : null,
        };
    }

    /// <summary>The ticket's branch; an event from a Broker before branches names none, and is the default branch's.</summary>
    private string BranchOf(QueueEvent change, Ticket ticket) =>
        new[] { ticket.Branch, change.Branch }.FirstOrDefault(b => !string.IsNullOrEmpty(b)) ?? branches.Value.Default;

    private static string? Cut(string? value, int width) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= width ? value : value[..width];
}
