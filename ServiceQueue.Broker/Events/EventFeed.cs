using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Options;
using ServiceQueue.Broker.Storage;

namespace ServiceQueue.Broker.Events;

/// <summary>
/// Watch: replay from a cursor straight from Redis, then follow the pump's live fan-out, with no gap
/// and no duplicate at the seam (the subscription is taken first, so it holds every event after
/// the pump's position, and replay runs up to that position; cursors are gapless, so the seam is
/// checked, not hoped for). Sends a heartbeat with the current cursor when the stream is idle.
/// </summary>
internal sealed class EventFeed(EventPump pump, QueueStore store, IOptions<BrokerOptions> options, TimeProvider time)
{
    /// <param name="after">Replay after this cursor (0: from the oldest retained event); null: from now.</param>
    /// <param name="queues">Only events of these queues; empty: all.</param>
    public IAsyncEnumerable<WatchItem> WatchAsync(long? after, IReadOnlyCollection<string> queues, CancellationToken cancellationToken) =>
        WatchAsync(after, queues, [], cancellationToken);

    /// <param name="after">Replay after this cursor (0: from the oldest retained event); null: from now.</param>
    /// <param name="queues">Only events of these queues; empty: all.</param>
    /// <param name="branches">Only events of these branches ("" = the default branch); empty: all.</param>
    public async IAsyncEnumerable<WatchItem> WatchAsync(
        long? after, IReadOnlyCollection<string> queues, IReadOnlyCollection<string> branches, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var queue in queues)
        {
            InputRules.QueueCode(queue, "queues");
        }

        var branchFilter = branches.Select(b => store.BranchName(b, "branches")).ToHashSet(StringComparer.Ordinal);

        if (after < 0)
        {
            throw new BrokerException(BrokerErrorCode.InvalidArgument, "after", "after must not be negative");
        }

        var settings = options.Value;
        var filter = queues.ToHashSet(StringComparer.Ordinal);
        using var subscription = await SubscribeAsync(settings, cancellationToken);
        // "From now" is the stream's end in Redis, read after subscribing so nothing later is missed:
        // the pump may not have read the newest events yet, and they happened before this call.
        var position = after ?? Math.Max(
            subscription.StartAfter,
            (await store.ReadEventsAsync(0, 0, cancellationToken)).Last);

        if (after is not null)
        {
            var page = await store.ReadEventsAsync(position, settings.ReadPageSize, cancellationToken);
            CheckCursor(position, page);
            if (position == 0 && page.First > 1)
            {
                position = page.First - 1;
            }

            while (true)
            {
                foreach (var brokerEvent in page.Events)
                {
                    if (brokerEvent.Cursor != position + 1)
                    {
                        throw Expired(position);
                    }

                    position = brokerEvent.Cursor;
                    if (brokerEvent.Concerns(filter, branchFilter))
                    {
                        yield return new WatchItem(brokerEvent, position, brokerEvent.OccurredAt);
                    }
                }

                if (position >= subscription.StartAfter || page.Events.Count == 0)
                {
                    break;
                }

                page = await store.ReadEventsAsync(position, settings.ReadPageSize, cancellationToken);
            }
        }

        yield return new WatchItem(null, position, time.GetUtcNow());
        var lastSent = Stopwatch.GetTimestamp();
        while (true)
        {
            while (subscription.Events.TryRead(out var brokerEvent))
            {
                if (brokerEvent.Cursor <= position)
                {
                    continue;
                }

                if (brokerEvent.Cursor != position + 1)
                {
                    throw new BrokerException(BrokerErrorCode.OutOfRange, "stream_gap", $"event {position + 1} is missing from the stream; take a fresh snapshot");
                }

                position = brokerEvent.Cursor;
                if (brokerEvent.Concerns(filter, branchFilter))
                {
                    yield return new WatchItem(brokerEvent, position, brokerEvent.OccurredAt);
                    lastSent = Stopwatch.GetTimestamp();
                }
            }

            var wait = settings.HeartbeatInterval - Stopwatch.GetElapsedTime(lastSent);
            if (wait <= TimeSpan.Zero)
            {
                yield return new WatchItem(null, position, time.GetUtcNow());
                lastSent = Stopwatch.GetTimestamp();
                continue;
            }

            if (!await WaitForEventsAsync(subscription, wait, cancellationToken))
            {
                yield break;
            }
        }
    }

    private async Task<EventSubscription> SubscribeAsync(BrokerOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            // The pump starts once Redis has answered; until then Watch is as unavailable as Redis.
            return await pump.SubscribeAsync(cancellationToken).WaitAsync(settings.OperationTimeout, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new BrokerException(BrokerErrorCode.Unavailable, "redis_unavailable", "the event stream cannot be read yet; retry later", ex);
        }
    }

    /// <summary>False when the subscription ended normally; throws its reason when it was ended.</summary>
    private static async Task<bool> WaitForEventsAsync(EventSubscription subscription, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            return await subscription.Events.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    private static void CheckCursor(long after, EventPage page)
    {
        if (after > page.Last)
        {
            throw new BrokerException(
                BrokerErrorCode.OutOfRange, "cursor_ahead", $"cursor {after} is beyond the last event {page.Last}; take a fresh snapshot");
        }

        // Cursor 0 means "from the oldest retained event"; any other must still have its successor.
        if (after > 0 && after < page.Last && (page.First == 0 || page.First > after + 1))
        {
            throw Expired(after);
        }
    }

    private static BrokerException Expired(long after) => new(
        BrokerErrorCode.OutOfRange, "cursor_expired", $"events after cursor {after} are no longer retained; take a fresh snapshot (GetQueue) and watch from its cursor");
}
