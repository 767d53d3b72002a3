using Grpc.Core;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Hubs;
using ServiceQueue.Realtime.Options;
using ServiceQueue.ServiceDefaults.BrokerClient;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// The one <c>Watch</c> stream of this instance. It starts from now, and after any interruption
/// (the Broker restarted, the connection dropped, the stream went silent) opens a new one after the
/// last cursor fanned out, with growing waits between attempts, so subscribers miss nothing. Each
/// instance follows on its own: several side by side need no backplane.
/// </summary>
internal sealed partial class BrokerEventFollower(
    QueueBroker.QueueBrokerClient broker,
    QueueFanOut fanOut,
    FloorNotifier floor,
    EventWindow window,
    StreamStatus status,
    ConnectionRegistry connections,
    IOptions<RealtimeOptions> options,
    TimeProvider clock,
    ILogger<BrokerEventFollower> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await FollowAsync(stoppingToken))
                {
                    delay = FirstRetryDelay;
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a cancelled Watch ends as CANCELLED or as OperationCanceledException, depending on when.
                break;
            }
            catch (RpcException error) when (BrokerFailure.From(error).Kind == BrokerFailureKind.CursorOutOfRange)
            {
                // The Broker no longer holds the events after our cursor (Redis lost them, or they were trimmed):
                // start again from now; subscribers reconnect and take fresh snapshots.
                LogStreamReset(logger, window.Position, error.Status.Detail);
                fanOut.Reset();
                connections.AbortAll();
            }
            catch (Exception error) when (error is RpcException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogStreamLost(logger, window.Position, error is RpcException rpc ? rpc.StatusCode.ToString() : error.GetType().Name);
            }
            finally
            {
                status.Lost();
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(delay, clock, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.ReconnectMaxDelay.Ticks));
        }
    }

    /// <summary>Follows one stream until it ends; true when it delivered anything (the Broker was reached).</summary>
    private async Task<bool> FollowAsync(CancellationToken stoppingToken)
    {
        var request = window.Position is { } position ? new WatchRequest { After = position } : new WatchRequest { FromNow = true };
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        idle.CancelAfter(options.Value.StreamIdleTimeout);
        var reached = false;
        // No deadline: the stream lives until it fails; the idle timer notices one that went silent.
        using var call = broker.Watch(request, cancellationToken: idle.Token);
        await foreach (var item in call.ResponseStream.ReadAllAsync(idle.Token))
        {
            idle.CancelAfter(options.Value.StreamIdleTimeout);
            if (!reached)
            {
                reached = true;
                LogFollowing(logger, request.FromNow ? null : request.After);
            }

            if (item.Event is { } e)
            {
                if (window.Position is { } last && e.Cursor != last + 1)
                {
                    // Cursors are gapless; a jump means the Broker's stream itself was not continuous.
                    LogCursorJump(logger, last, e.Cursor);
                }

                // Hands the event to the connections' outboxes; no socket is awaited here.
                fanOut.Publish(e);
                floor.Notice(e);
            }
            else if (item.Heartbeat is { } heartbeat)
            {
                fanOut.Advance(heartbeat.Cursor);
            }

            if (window.Position is not null)
            {
                status.Following();
            }
        }

        return reached;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Following the Broker's event stream after cursor {After}")]
    private static partial void LogFollowing(ILogger logger, ulong? after);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The Broker's event stream was lost at cursor {Position} ({Failure}); reopening it")]
    private static partial void LogStreamLost(ILogger logger, ulong? position, string failure);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The Broker cannot replay after cursor {Position} ({Detail}); following from now and asking subscribers to reconnect")]
    private static partial void LogStreamReset(ILogger logger, ulong? position, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The Broker's stream jumped from cursor {Last} to {Cursor}")]
    private static partial void LogCursorJump(ILogger logger, ulong last, ulong cursor);
}
