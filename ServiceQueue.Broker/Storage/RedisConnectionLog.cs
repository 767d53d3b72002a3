using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>Logs when the Redis connection drops and when it is back, the two moments an operator looks for.</summary>
internal sealed partial class RedisConnectionLog(IConnectionMultiplexer redis, ILogger<RedisConnectionLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
        return Task.CompletedTask;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString(), e.FailureType.ToString());

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionRestored(logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {ConnectionType} connection to {EndPoint} failed ({FailureType}); reconnecting")]
    private static partial void LogConnectionFailed(ILogger logger, string endPoint, string connectionType, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis {ConnectionType} connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string endPoint, string connectionType);
}
