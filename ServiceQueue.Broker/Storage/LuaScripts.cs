using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Options;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// Runs the embedded scripts by hash (EVALSHA). Each is loaded once per connection; when Redis has
/// forgotten it (restart, SCRIPT FLUSH) it answers NOSCRIPT, and the script is loaded again and
/// the call retried once. Connection trouble becomes <see cref="BrokerErrorCode.Unavailable"/>.
/// </summary>
internal sealed partial class LuaScripts(IConnectionMultiplexer redis, IOptions<BrokerOptions> options, TimeProvider time, ILogger<LuaScripts> logger)
{
    private static readonly IReadOnlyDictionary<BrokerScript, (string Source, byte[] Hash)> Sources = LoadSources();

    private readonly ConcurrentDictionary<BrokerScript, bool> _loaded = new();

    /// <summary>Runs <paramref name="script"/> with the common arguments (prefix, clock, limits) then <paramref name="arguments"/>.</summary>
    public async Task<string> RunAsync(BrokerScript script, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var all = new RedisValue[7 + arguments.Length];
        all[0] = settings.KeyPrefix;
        all[1] = time.GetUtcNow().ToUnixTimeMilliseconds();
        all[2] = settings.EventRetention;
        all[3] = (long)settings.DefaultServiceTime.TotalMilliseconds;
        all[4] = (long)settings.AttendantActiveWindow.TotalMilliseconds;
        all[5] = settings.ServiceTimeSamples;
        all[6] = (long)settings.FinishedTicketRetention.TotalSeconds;
        arguments.CopyTo(all, 7);

        try
        {
            var database = redis.GetDatabase();
            for (var attempt = 0; ; attempt++)
            {
                await EnsureLoadedAsync(script, cancellationToken);
                try
                {
                    var result = await database.ScriptEvaluateAsync(Sources[script].Hash, [], all)
                        .WaitAsync(settings.OperationTimeout, cancellationToken);
                    return (string?)result ?? throw new BrokerException(BrokerErrorCode.Internal, "empty_reply", $"script {script} answered nothing");
                }
                catch (RedisServerException ex) when (attempt == 0 && ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
                {
                    LogScriptForgotten(logger, script.ToString());
                    _loaded.TryRemove(script, out _);
                }
            }
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new BrokerException(BrokerErrorCode.Unavailable, "redis_unavailable", "Redis did not answer in time; retry later", ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> and reads its JSON answer; a refusal becomes the <see cref="BrokerException"/>
    /// of its status (STALE_TZ is answered as a reply when <paramref name="allowStaleTimeZone"/>).
    /// </summary>
    public async Task<ScriptReply> CallAsync(BrokerScript script, RedisValue[] arguments, CancellationToken cancellationToken, bool allowStaleTimeZone = false)
    {
        var json = await RunAsync(script, arguments, cancellationToken);
        var reply = JsonSerializer.Deserialize(json, StorageJsonContext.Default.ScriptReply)
            ?? throw new BrokerException(BrokerErrorCode.Internal, "bad_reply", $"script {script} answered null");
        return reply.Err switch
        {
            null => reply,
            "STALE_TZ" when allowStaleTimeZone => reply,
            "NOT_FOUND" => throw new BrokerException(BrokerErrorCode.NotFound, reply.Reason ?? "not_found", reply.Detail ?? ""),
            "FAILED_PRECONDITION" => throw new BrokerException(BrokerErrorCode.FailedPrecondition, reply.Reason ?? "failed_precondition", reply.Detail ?? ""),
            _ => throw new BrokerException(BrokerErrorCode.Internal, reply.Reason ?? "script_error", $"script {script} answered {reply.Err}"),
        };
    }

    /// <summary>The SHA1 Redis knows the script by (for redis-benchmark EVALSHA and diagnostics).</summary>
    public static string HashOf(BrokerScript script) => Convert.ToHexStringLower(Sources[script].Hash);

    public static string SourceOf(BrokerScript script) => Sources[script].Source;

    private async Task EnsureLoadedAsync(BrokerScript script, CancellationToken cancellationToken)
    {
        if (_loaded.ContainsKey(script))
        {
            return;
        }

        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var hash = await server.ScriptLoadAsync(Sources[script].Source).WaitAsync(options.Value.OperationTimeout, cancellationToken);
        if (hash is null || !hash.AsSpan().SequenceEqual(Sources[script].Hash))
        {
            // Seen only when the client's connection was being re-established under load: retryable, not a bug in the script.
            var answered = hash is null ? "nothing" : Convert.ToHexStringLower(hash);
            throw new BrokerException(BrokerErrorCode.Unavailable, "redis_unavailable", $"Redis answered {answered} when loading script {script}; retry later");
        }

        _loaded[script] = true;
    }

    private static bool IsUnavailable(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => true,
        // Redis replaying its append-only file, or a replica during failover: try again shortly.
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal),
        _ => false,
    };

    private static Dictionary<BrokerScript, (string, byte[])> LoadSources()
    {
        var assembly = typeof(LuaScripts).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream($"ServiceQueue.Broker.Scripts.{name}.lua")
                ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        var prelude = Read("_lib");
        var enqueue = Read("_enqueue");
        var sources = new Dictionary<BrokerScript, (string, byte[])>();
        foreach (var script in Enum.GetValues<BrokerScript>())
        {
            // The single and the batch Enqueue run the same code for each request.
            var shared = script is BrokerScript.Enqueue or BrokerScript.EnqueueBatch ? enqueue : string.Empty;
            var source = prelude + shared + Read(FileName(script));
            sources[script] = (source, SHA1.HashData(Encoding.UTF8.GetBytes(source)));
        }

        return sources;
    }

    private static string FileName(BrokerScript script)
    {
        var name = script.ToString();
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis had forgotten script {Script}; loading it again")]
    private static partial void LogScriptForgotten(ILogger logger, string script);
}
