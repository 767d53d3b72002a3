using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// The Broker's Redis writes as they were before branches (commit b7b49f0): its scripts, kept verbatim
/// under PreBranches/, run with the arguments its QueueStore passed. So an upgrade test starts from data
/// the old Broker wrote, not from the present Broker's idea of it.
/// </summary>
internal sealed class PreBranchBroker(IDatabase db, string keyPrefix, TimeProvider clock)
{
    public async Task UpsertQueueAsync(string code, string numberPrefix) =>
        await RunAsync("upsert_queue", code, $"Queue {code}", numberPrefix, "1", "0", "2", "0", "1200000", "2", "30000", "UTC");

    /// <summary>The old Enqueue; answers the ticket's id and number.</summary>
    public async Task<(string Id, string Number)> EnqueueAsync(string queue, string requestId)
    {
        var reply = await RunAsync(
            "enqueue", Guid.CreateVersion7().ToString("N"), requestId, queue, "normal", "", "kiosk",
            Convert.ToBase64String(new byte[] { 1, 2, 3, 255 }), "UTC", clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture), "", "0");
        var ticket = reply.GetProperty("ticket");
        return (ticket.GetProperty("id").GetString()!, ticket.GetProperty("number").GetString()!);
    }

    public async Task<string> CallNextAsync(string queue, string attendant, string desk) =>
        (await RunAsync("call_next", queue, attendant, desk)).GetProperty("ticket").GetProperty("id").GetString()!;

    public Task StartServiceAsync(string ticketId, string attendant) => RunAsync("start_service", ticketId, attendant);

    public Task CompleteAsync(string ticketId, string attendant) => RunAsync("complete", ticketId, attendant, "served");

    private async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        // The old common arguments: prefix, now (ms), stream retention, default service time (ms),
        // active window (ms), service-time samples, finished-ticket retention (s), as its defaults were.
        RedisValue[] common = [keyPrefix, clock.GetUtcNow().ToUnixTimeMilliseconds(), 100_000, 300_000, 900_000, 20, 172_800];
        var shared = script == "enqueue" ? Source("_enqueue") : "";
        var result = await db.ScriptEvaluateAsync(Source("_lib") + shared + Source(script), [], [.. common, .. arguments.Select(a => (RedisValue)a)]);
        var reply = JsonDocument.Parse((string)result!).RootElement.Clone();
        if (!reply.TryGetProperty("ok", out _))
        {
            throw new InvalidOperationException($"the pre-branch {script}.lua answered {reply}");
        }

        return reply;
    }

    private static string Source(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"PreBranches.{name}.lua")
            ?? throw new InvalidOperationException($"PreBranches/{name}.lua is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
