using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Options;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// The process's one multiplexer. It never aborts on a failed connect and reconnects by itself, and
/// its timeouts are short, so calls fail fast (UNAVAILABLE) while Redis is away and work again when it returns.
/// </summary>
internal sealed partial class RedisConnection(RedisEndpoint endpoint, IOptions<BrokerOptions> options, ILogger<RedisConnection> logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public async ValueTask<ConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (_multiplexer is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is null)
            {
                var settings = options.Value;
                var config = ConfigurationOptions.Parse(endpoint.ConnectionString);
                config.AbortOnConnectFail = false;
                config.ConnectTimeout = (int)settings.ConnectTimeout.TotalMilliseconds;
                config.SyncTimeout = (int)settings.OperationTimeout.TotalMilliseconds;
                config.ResponseTimeout = (int)settings.OperationTimeout.TotalMilliseconds;
                config.ConnectRetry = 1;
                config.KeepAlive = 5;
                config.ReconnectRetryPolicy = new LinearRetry(250);
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(config);

                // Replies complete on the thread pool, not one after another: scripts are independent.
                multiplexer.PreserveAsyncOrder = false;
                multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
                multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(logger, e.EndPoint?.ToString() ?? "?");
                _multiplexer = multiplexer;
            }

            return _multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); reconnecting")]
    private static partial void LogConnectionFailed(ILogger logger, string endPoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string endPoint);
}
