using Microsoft.AspNetCore.SignalR;

namespace ServiceQueue.Realtime.Events;

/// <summary>
/// What one connection has yet to receive, and the one sender that writes it. The fan-out only adds
/// to it (never awaiting a socket); the sender, started on demand, takes everything that accumulated and
/// writes it, so a slow connection's messages coalesce while the others go on.
/// </summary>
internal abstract partial class ConnectionOutbox(string connectionId, IHubClients clients, ILogger logger)
{
    private readonly CancellationTokenSource _closed = new();
    private bool _draining;
    private TaskCompletionSource? _sending;

    public string ConnectionId => connectionId;

    protected ILogger Logger => logger;

    /// <summary>Guards the outbox's content; the fan-out's own lock may be held while it is taken, never the reverse.</summary>
    protected Lock Sync { get; } = new();

    /// <summary>Under <see cref="Sync"/>: the write in progress (completed when none), so a caller can order its own message after it.</summary>
    protected Task InFlightUnderSync => _sending?.Task ?? Task.CompletedTask;

    /// <summary>The connection has gone: nothing more is sent.</summary>
    public void Close()
    {
        lock (Sync)
        {
            _closed.Cancel();
        }
    }

    /// <summary>Under <see cref="Sync"/>: something was added; starts the sender unless it runs already.</summary>
    protected void ScheduleUnderSync()
    {
        if (_draining || _closed.IsCancellationRequested)
        {
            return;
        }

        _draining = true;
        ThreadPool.UnsafeQueueUserWorkItem(static outbox => _ = outbox.DrainAsync(), this, preferLocal: false);
    }

    /// <summary>Under <see cref="Sync"/>: takes everything waiting as messages; null when nothing waits.</summary>
    protected abstract List<OutboxMessage>? TakeUnderSync();

    private async Task DrainAsync()
    {
        while (true)
        {
            List<OutboxMessage> messages;
            TaskCompletionSource sending;
            lock (Sync)
            {
                var taken = _closed.IsCancellationRequested ? null : TakeUnderSync();
                if (taken is null)
                {
                    _draining = false;
                    return;
                }

                messages = taken;
                sending = _sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                var client = clients.Client(connectionId);
                foreach (var message in messages)
                {
                    // Awaits this connection's socket only: the only place the fan-out meets a slow reader.
                    await client.SendAsync(message.Method, message.Payload, _closed.Token);
                }
            }
            catch (Exception error)
            {
                // The connection is closing or broken; SignalR reports its end to the hub, which closes this outbox.
                LogSendFailed(logger, error.GetType().Name);
            }
            finally
            {
                sending.TrySetResult();
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "A message to a hub connection was not written ({Failure})")]
    private static partial void LogSendFailed(ILogger logger, string failure);
}
