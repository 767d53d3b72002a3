using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.BrokerClient;

namespace ServiceQueue.Api.History;

/// <summary>
/// Follows <c>Broker.Watch</c> from the cursor stored in MySQL and hands the events to
/// <see cref="HistoryWriter"/> in batches. Every (re)connection starts from the stored cursor, so what
/// was read but not committed before a crash is simply read again.
/// </summary>
internal sealed class HistoryFollower(QueueBroker.QueueBrokerClient broker, HistoryWriter writer, IOptions<HistoryOptions> options, ILogger<HistoryFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // Lets the host finish starting (migrations run in an earlier hosted service) before the first read.
        await Task.Yield();
        var failures = 0;
        var fromOldest = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var progressed = false;
            try
            {
                await FollowAsync(fromOldest, () => (progressed, fromOldest) = (true, false), stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a cancelled Watch ends as CANCELLED or as OperationCanceledException, depending on when.
                return;
            }
            catch (RpcException exception) when (BrokerFailure.From(exception) is { Kind: BrokerFailureKind.CursorOutOfRange } failure)
            {
                // The stored cursor is not in the Broker's stream: trimmed (the writer audits the exact gap from the
                // first event it then sees) or ahead of it after Redis lost events (audited here).
                fromOldest = true;
                if (!await RecordOutOfRangeAsync(failure.Reason ?? failure.Detail, stoppingToken))
                {
                    await DelayAsync(Backoff(failures++, settings), stoppingToken);
                }
            }
            catch (Exception exception)
            {
                failures = progressed ? 0 : failures;
                var delay = Backoff(failures++, settings);
                if (exception is RpcException rpc)
                {
                    HistoryLog.StreamFailed(logger, rpc.StatusCode.ToString(), delay, exception);
                }
                else
                {
                    HistoryLog.WriteFailed(logger, delay, exception);
                }

                await DelayAsync(delay, stoppingToken);
            }
        }
    }

    /// <summary>One Watch call, until it fails; <paramref name="committed"/> runs after each batch that moved the cursor.</summary>
    private async Task FollowAsync(bool fromOldest, Action committed, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var cursor = await writer.ReadCursorAsync(stoppingToken);
        HistoryLog.Following(logger, fromOldest ? 0 : cursor);
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var events = System.Threading.Channels.Channel.CreateBounded<WatchResponse>(new BoundedChannelOptions(settings.BatchSize * 4) { SingleReader = true, SingleWriter = true });
        var reading = ReadAsync(new WatchRequest { After = fromOldest ? 0 : cursor }, events.Writer, stream.Token);
        try
        {
            var batch = new List<WatchResponse>(settings.BatchSize);
            while (await events.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < settings.BatchSize && events.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var written = await writer.WriteAsync(batch, stoppingToken);
                if (written > cursor)
                {
                    cursor = written;
                    committed();
                }
            }
        }
        finally
        {
            await stream.CancelAsync();
            try
            {
                await reading;
            }
            catch (Exception)
            {
                // Its failure already reached the loop above through the channel.
            }
        }
    }

    private async Task ReadAsync(WatchRequest request, ChannelWriter<WatchResponse> events, CancellationToken cancellationToken)
    {
        var idle = options.Value.StreamIdleTimeout;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        try
        {
            watchdog.CancelAfter(idle);
            // No deadline: the stream lives until it fails; the watchdog notices one that went silent.
            using var call = broker.Watch(request, cancellationToken: watchdog.Token);
            await foreach (var item in call.ResponseStream.ReadAllAsync(watchdog.Token))
            {
                watchdog.CancelAfter(idle);
                await events.WriteAsync(item, cancellationToken);
            }

            failure = new RpcException(new Status(StatusCode.Unavailable, "The Broker ended the event stream."));
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } &&
            !cancellationToken.IsCancellationRequested && watchdog.IsCancellationRequested)
        {
            HistoryLog.StreamIdle(logger, idle);
            failure = new RpcException(new Status(StatusCode.Unavailable, "The event stream went silent.", exception));
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            events.TryComplete(failure);
        }
    }

    /// <summary>Logs, and audits a stream reset; false when MySQL could not be reached (retried after a backoff).</summary>
    private async Task<bool> RecordOutOfRangeAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            var cursor = await writer.ReadCursorAsync(cancellationToken);
            HistoryLog.CursorOutOfRange(logger, cursor, reason);
            if (reason != "cursor_expired")
            {
                await writer.RecordStreamResetAsync(cursor, reason, cancellationToken);
            }

            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            HistoryLog.WriteFailed(logger, TimeSpan.Zero, exception);
            return false;
        }
    }

    private static TimeSpan Backoff(int failures, HistoryOptions settings)
    {
        var exponential = settings.MinReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16));
        var capped = Math.Min(exponential, settings.MaxReconnectDelay.TotalMilliseconds);
        // Full jitter on the upper half, so replicas that lost the Broker together do not return together.
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends on the next check.
        }
    }
}
