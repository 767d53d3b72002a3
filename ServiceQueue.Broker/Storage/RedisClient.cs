using Microsoft.Extensions.Logging.Abstractions;
using ServiceQueue.Broker.Options;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// How the Broker's one multiplexer (Aspire's <c>AddRedisClient</c>) behaves: it never aborts on a
/// failed connect and reconnects by itself, and while Redis is away commands fail at once instead of
/// waiting in the client's backlog, so callers get UNAVAILABLE fast and the Broker recovers alone.
/// </summary>
internal static class RedisClient
{
    /// <summary>The connection-string key, <c>ConnectionStrings:redis</c> (contracts.md section 1).</summary>
    public const string ConnectionName = "redis";

    public static void Configure(ConfigurationOptions redis, BrokerOptions settings)
    {
        var operationTimeout = (int)settings.OperationTimeout.TotalMilliseconds;
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.ConnectTimeout = (int)settings.ConnectTimeout.TotalMilliseconds;
        redis.SyncTimeout = operationTimeout;
        redis.AsyncTimeout = operationTimeout;
        redis.ConnectRetry = 1;
        redis.KeepAlive = 5;
        redis.ReconnectRetryPolicy = new LinearRetry(250);
        // The client's default is a dedicated pool of socket threads that spin while waiting for work;
        // on a small machine they take CPU from the gRPC server (profiled in docs/benchmarks.md), so the
        // sockets are read and written on the .NET thread pool, as the Broker's other work is.
        redis.SocketManager = SocketManager.ThreadPool;
        // The client logs every reconnect attempt as an error with its stack; RedisConnectionLog says the two lines that matter.
        redis.LoggerFactory = NullLoggerFactory.Instance;
    }
}
