using StackExchange.Redis;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// Fills a queue with many tickets at Redis speed: one ticket enqueued through the Broker is the
/// template, and a script copies it under new ids into the lines, as enqueue.lua would have left them.
/// Ticket i (from 0) is priority when i % priorityEvery == 0, and started waiting at since(i).
/// </summary>
internal static class BigQueue
{
    private const string Fill = """
        local p, code, template = ARGV[1], ARGV[2], ARGV[3]
        local first, count, every = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local since0, step = tonumber(ARGV[7]), tonumber(ARGV[8])
        local fields = redis.call('HGETALL', p .. 't:' .. template)
        for i = first, first + count - 1 do
          local id = string.format('big%08d', i)
          local prio, line = 'normal', 'wn'
          if i % every == 0 then prio, line = 'priority', 'wp' end
          local since = string.format('%d', since0 + i * step)
          redis.call('HSET', p .. 't:' .. id, unpack(fields))
          redis.call('HSET', p .. 't:' .. id, 'id', id, 'rid', 'r' .. id, 'number', code .. '-' .. i, 'prio', prio,
            'order', tostring(i + 1), 'since', since, 'enq', since)
          redis.call('ZADD', p .. 'q:' .. code .. ':' .. line, i + 1, id)
          redis.call('ZADD', p .. 'q:' .. code .. ':since', since, id)
        end
        redis.call('SET', p .. 'q:' .. code .. ':order', first + count)
        return count
        """;

    public static string Id(int i) => $"big{i:D8}";

    /// <summary>Replaces the queue's only waiting ticket (<paramref name="templateId"/>) by <paramref name="count"/> copies.</summary>
    public static async Task FillAsync(
        IDatabase redis, string keyPrefix, string code, string templateId, int count, int priorityEvery, DateTimeOffset since0, TimeSpan step)
    {
        await redis.SortedSetRemoveAsync($"{keyPrefix}q:{code}:wp", templateId);
        await redis.SortedSetRemoveAsync($"{keyPrefix}q:{code}:wn", templateId);
        await redis.SortedSetRemoveAsync($"{keyPrefix}q:{code}:since", templateId);
        const int Chunk = 10_000;
        for (var first = 0; first < count; first += Chunk)
        {
            await redis.ScriptEvaluateAsync(Fill, values:
            [
                keyPrefix, code, templateId, first, Math.Min(Chunk, count - first), priorityEvery,
                since0.ToUnixTimeMilliseconds(), (long)step.TotalMilliseconds,
            ]);
        }
    }

    /// <summary>Deletes the copies, so the shared test Redis does not keep them.</summary>
    public static async Task DropAsync(IDatabase redis, string keyPrefix, string code, int count)
    {
        const int Chunk = 5_000;
        for (var first = 0; first < count; first += Chunk)
        {
            var keys = Enumerable.Range(first, Math.Min(Chunk, count - first)).Select(i => (RedisKey)$"{keyPrefix}t:{Id(i)}").ToArray();
            await redis.KeyDeleteAsync(keys);
        }

        await redis.KeyDeleteAsync([$"{keyPrefix}q:{code}:wp", $"{keyPrefix}q:{code}:wn", $"{keyPrefix}q:{code}:since"]);
    }

}
