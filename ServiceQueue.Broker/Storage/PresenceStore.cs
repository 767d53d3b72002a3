using ServiceQueue.Broker.Model;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// Attendant presence (issue 18): sign in to a desk and a work profile, pause with a reason, unpause, sign
/// out. Each change is one script that appends one event when something changed; call_next.lua and
/// call_ticket.lua read the same hash in their own run, so a paused attendant never calls.
/// </summary>
internal sealed class PresenceStore(LuaScripts scripts, QueueStore queues)
{
    /// <summary>Most queues in one work profile: bounds the checks one sign-in makes in Redis.</summary>
    public const int MaxProfileQueues = 50;

    public async Task<AttendantPresence> SignInAsync(string attendant, string branch, string desk, IReadOnlyCollection<string> profile, CancellationToken cancellationToken)
    {
        InputRules.Person(attendant, "attendant");
        var stored = queues.StoredBranch(branch, "branch");
        InputRules.Person(desk, "desk");
        InputRules.ProfileQueues(profile, MaxProfileQueues, "queues");
        // Distinct and ordered, so signing in again with the same queues in another order changes nothing.
        var list = string.Join(',', profile.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return await PresenceAsync(BrokerScript.SignIn, [attendant, stored, desk, list], cancellationToken);
    }

    public async Task<AttendantPresence> PauseAsync(string attendant, string reason, CancellationToken cancellationToken)
    {
        InputRules.Person(attendant, "attendant");
        InputRules.Text(reason, "reason", 64);
        return await PresenceAsync(BrokerScript.Pause, [attendant, reason], cancellationToken);
    }

    public async Task<AttendantPresence> UnpauseAsync(string attendant, CancellationToken cancellationToken)
    {
        InputRules.Person(attendant, "attendant");
        return await PresenceAsync(BrokerScript.Unpause, [attendant], cancellationToken);
    }

    public async Task<AttendantPresence> SignOutAsync(string attendant, CancellationToken cancellationToken)
    {
        InputRules.Person(attendant, "attendant");
        return await PresenceAsync(BrokerScript.SignOut, [attendant], cancellationToken);
    }

    /// <summary>
    /// Replaces the pause reasons of <paramref name="branch"/> ("" = the default branch); returns them distinct and in
    /// code order. From then on pause.lua refuses any other (<c>unknown_pause_reason</c>); an empty list refuses all.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetPauseReasonsAsync(string branch, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var stored = queues.StoredBranch(branch, "branch");
        InputRules.PauseReasons(codes, "codes");
        var list = codes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await scripts.CallAsync(BrokerScript.SetPauseReasons, [stored, string.Join(',', list)], cancellationToken);
        return list;
    }

    /// <summary>The attendants signed in to <paramref name="branch"/> ("" = the default branch), by name.</summary>
    public async Task<IReadOnlyList<AttendantPresence>> ListPresenceAsync(string branch, CancellationToken cancellationToken)
    {
        var stored = queues.StoredBranch(branch, "branch");
        var reply = await scripts.CallAsync(BrokerScript.ListPresence, [stored], cancellationToken);
        return (reply.Present ?? [])
            .Select(p => PresenceMapper.ToPresence(p, queues.DefaultBranch))
            .OrderBy(p => p.Attendant, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<AttendantPresence> PresenceAsync(BrokerScript script, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var reply = await scripts.CallAsync(script, arguments, cancellationToken);
        return PresenceMapper.ToPresence(
            reply.Presence ?? throw new BrokerException(BrokerErrorCode.Internal, "bad_reply", $"script {script} answered no presence"),
            queues.DefaultBranch);
    }
}
