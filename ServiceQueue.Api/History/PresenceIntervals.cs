using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using ServiceQueue.Api.Storage;
using ServiceQueue.Broker.V1;

namespace ServiceQueue.Api.History;

/// <summary>
/// One batch's presence history (issue 18): each PRESENCE_CHANGED event closes the attendant's open interval at the
/// event's time and, unless it is a sign-out, opens one in the new state. Runs inside <see cref="HistoryWriter"/>'s
/// transaction, after its cursor lock, so an event takes effect once.
/// </summary>
internal sealed class PresenceIntervals(ServiceQueueDbContext db, string defaultBranch)
{
    // Widths of attendant_presence; the Broker's own limits (64) fit, a longer value is cut rather than stall the follower.
    private const int NameWidth = 64;
    private const int DeskWidth = 64;
    private const int ReasonWidth = 64;

    private readonly List<PresenceIntervalRow> _opened = [];

    public async Task ApplyAsync(QueueEvent change, CancellationToken cancellationToken)
    {
        if (change.Presence is not { } presence || string.IsNullOrEmpty(presence.Attendant))
        {
            return;
        }

        var at = (change.OccurredAt ?? presence.Since ?? Timestamp.FromDateTime(DateTime.UtcNow)).ToDateTime();
        var name = Cut(presence.Attendant, NameWidth);
        foreach (var open in _opened.Where(r => r.AttendantName == name && r.EndedAt is null))
        {
            open.EndedAt = at;
        }

        await db.AttendantPresence.Where(r => r.AttendantName == name && r.EndedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.EndedAt, at), cancellationToken);
        var state = presence.State switch
        {
            PresenceState.Available => PresenceStates.Available,
            PresenceState.Paused => PresenceStates.Paused,
            _ => null,
        };
        if (state is null)
        {
            return;
        }

        _opened.Add(new PresenceIntervalRow
        {
            EventCursor = change.Cursor.ToString(CultureInfo.InvariantCulture),
            BranchCode = new[] { presence.Branch, change.Branch }.FirstOrDefault(b => !string.IsNullOrEmpty(b)) ?? defaultBranch,
            AttendantName = name,
            Desk = Cut(presence.Desk, DeskWidth),
            State = state,
            PauseReason = state == PresenceStates.Paused && !string.IsNullOrEmpty(presence.PauseReason) ? Cut(presence.PauseReason, ReasonWidth) : null,
            StartedAt = at,
        });
    }

    /// <summary>Adds the intervals opened in the batch, each attendant resolved to a user as service history does; returns how many.</summary>
    public async Task<int> AddAsync(CancellationToken cancellationToken)
    {
        if (_opened.Count == 0)
        {
            return 0;
        }

        var cursors = _opened.Select(r => r.EventCursor).ToList();
        var recorded = (await db.AttendantPresence.Where(r => cursors.Contains(r.EventCursor)).Select(r => r.EventCursor).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var names = _opened.Select(r => r.AttendantName).Distinct(StringComparer.Ordinal).ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => names.Contains(u.UserName) || names.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName })
            .ToListAsync(cancellationToken);
        var added = 0;
        foreach (var row in _opened.Where(r => !recorded.Contains(r.EventCursor)))
        {
            if ((users.FirstOrDefault(u => u.UserName == row.AttendantName) ?? users.FirstOrDefault(u => u.Id == row.AttendantName)) is { } user)
            {
                row.AttendantUserId = user.Id;
            }

            db.AttendantPresence.Add(row);
            added++;
        }

        return added;
    }

    private static string Cut(string value, int width) => value.Length <= width ? value : value[..width];
}
