using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Options;
using ServiceQueue.ServiceDefaults.Branches;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// The live queues. Every mutation is one script that checks the state machine, changes the state
/// and appends exactly one event, atomically; input is checked here first so a bad request never
/// reaches Redis.
/// </summary>
internal sealed class QueueStore(LuaScripts scripts, IOptions<BrokerOptions> options, IOptions<BranchOptions> branches, TimeProvider time)
{
    // "<stored branch>.<queue code>" -> the time zone its daily numbers follow; enqueue.lua refuses a stale one (STALE_TZ).
    private readonly ConcurrentDictionary<string, string> _timeZones = new(StringComparer.Ordinal);

    /// <summary>The default branch's code: what a request naming no branch means.</summary>
    public string DefaultBranch => branches.Value.Default;

    /// <summary>The branch a request names, checked, with "" read as the default branch.</summary>
    public string BranchName(string? branch, string field)
    {
        InputRules.BranchCode(branch, field);
        return string.IsNullOrEmpty(branch) ? DefaultBranch : branch;
    }

    public async Task<(QueueDefinition Definition, long Cursor)> UpsertQueueAsync(QueueDefinition definition, CancellationToken cancellationToken)
    {
        InputRules.Definition(definition);
        var branch = StoredBranch(definition.Branch, "definition.branch");
        var reply = await RunAsync(BrokerScript.UpsertQueue, QueueHash.ToArguments(definition, branch), cancellationToken);
        _timeZones[Address(branch, definition.Code)] = definition.TimeZone;
        return (QueueHash.ToDefinition(reply.Def!, DefaultBranch), long.Parse(reply.Cursor!, CultureInfo.InvariantCulture));
    }

    /// <summary>The default branch's queues.</summary>
    public Task<IReadOnlyList<QueueSummary>> ListQueuesAsync(CancellationToken cancellationToken) =>
        ListQueuesAsync("", cancellationToken);

    /// <summary>One branch's queues ("" = the default branch): no call lists the whole chain.</summary>
    public async Task<IReadOnlyList<QueueSummary>> ListQueuesAsync(string branch, CancellationToken cancellationToken)
    {
        var stored = StoredBranch(branch, "branch");
        var reply = await RunAsync(BrokerScript.ListQueues, [stored], cancellationToken);
        return (reply.Queues ?? [])
            .Select(q => new QueueSummary(
                QueueHash.ToDefinition(q.Def, DefaultBranch), Int(q.Waiting), Int(q.Active), Int(q.Parked), TicketHash.ToEstimate(q.Estimate),
                q.OldestSince is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(q.OldestSince, CultureInfo.InvariantCulture)),
                Int(q.ServedHour)))
            .OrderBy(q => q.Definition.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Every branch that has queues, the default branch first: a set upsert_queue.lua keeps, so the cost
    /// grows with the branches, never with the keyspace.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListBranchesAsync(CancellationToken cancellationToken)
    {
        var reply = await RunAsync(BrokerScript.ListBranches, [], cancellationToken);
        return [DefaultBranch, .. (reply.Branches ?? []).Where(b => b != DefaultBranch)];
    }

    /// <summary>The first page of the queue, of the default size.</summary>
    public Task<QueueSnapshot> GetQueueAsync(string code, CancellationToken cancellationToken) =>
        GetQueueAsync("", code, 0, 0, cancellationToken);

    /// <summary>The first page of a branch's queue, of the default size.</summary>
    public Task<QueueSnapshot> GetQueueAsync(string branch, string code, CancellationToken cancellationToken) =>
        GetQueueAsync(branch, code, 0, 0, cancellationToken);

    /// <summary>A page of the default branch's queue; see the overload with a branch.</summary>
    public Task<QueueSnapshot> GetQueueAsync(string code, int offset, int pageSize, CancellationToken cancellationToken) =>
        GetQueueAsync("", code, offset, pageSize, cancellationToken);

    /// <summary>
    /// The waiting tickets at places <paramref name="offset"/>+1 onward in calling order (at most
    /// <paramref name="pageSize"/>, 0 = the default), the first active and parked ones up to the same
    /// size, and the totals. Redis orders the page (get_queue.lua, with the code CallNext uses).
    /// </summary>
    public async Task<QueueSnapshot> GetQueueAsync(string branch, string code, int offset, int pageSize, CancellationToken cancellationToken)
    {
        var stored = StoredBranch(branch, "branch");
        InputRules.QueueCode(code, "code");
        InputRules.Offset(offset, "offset");
        InputRules.PageSize(pageSize, "page_size");
        var size = pageSize == 0 ? QueuePaging.DefaultPageSize : pageSize;
        var reply = await RunAsync(BrokerScript.GetQueue, [code, offset, size, size, stored], cancellationToken);
        var definition = QueueHash.ToDefinition(reply.Def!, DefaultBranch);
        var samples = (reply.Samples ?? []).Select(s => TimeSpan.FromMilliseconds(long.Parse(s, CultureInfo.InvariantCulture))).ToList();
        var attendants = Int(reply.Attendants);
        var defaultServiceTime = options.Value.DefaultServiceTime;
        var waiting = Tickets(reply.Waiting)
            .Select((ticket, i) => new WaitingTicket(ticket, offset + i + 1, WaitEstimator.Estimate(samples, defaultServiceTime, attendants, offset + i)))
            .ToList();
        var average = samples.Count > 0 ? TimeSpan.FromMilliseconds(samples.Average(s => s.TotalMilliseconds)) : defaultServiceTime;
        return new QueueSnapshot(
            definition,
            waiting,
            Tickets(reply.Active).OrderBy(t => t.LastCalledAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList(),
            Tickets(reply.Parked),
            long.Parse(reply.Cursor ?? "0", CultureInfo.InvariantCulture),
            attendants,
            average,
            offset,
            Int(reply.WaitingTotal),
            Int(reply.ActiveTotal),
            Int(reply.ParkedTotal));
    }

    public async Task<EnqueueResult> EnqueueAsync(EnqueueCommand command, CancellationToken cancellationToken)
    {
        var branch = CheckEnqueue(command);
        var address = Address(branch, command.Queue);
        var ticketId = NewTicketId();
        var zone = _timeZones.GetValueOrDefault(address, "UTC");
        for (var attempt = 0; ; attempt++)
        {
            var reply = await RunAsync(
                BrokerScript.Enqueue, EnqueueArguments(command, branch, ticketId, zone, LocalDateIn(zone)), cancellationToken, allowStaleTimeZone: attempt == 0);
            if (reply.Err == "STALE_TZ")
            {
                zone = reply.Tz ?? "UTC";
                _timeZones[address] = zone;
                continue;
            }

            return ToEnqueueResult(reply);
        }
    }

    /// <summary>
    /// Each command as <see cref="EnqueueAsync"/> would settle it alone, in one script run (two when a
    /// queue's time zone changed): a bad or refused item fails alone; Redis trouble fails the whole call.
    /// </summary>
    public async Task<IReadOnlyList<EnqueueOutcome>> EnqueueBatchAsync(IReadOnlyList<EnqueueCommand> commands, CancellationToken cancellationToken)
    {
        InputRules.BatchSize(commands.Count, "items");
        var outcomes = new EnqueueOutcome[commands.Count];
        var ticketIds = new string[commands.Count];
        var stored = new string[commands.Count];
        var pending = new List<int>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            try
            {
                stored[i] = CheckEnqueue(commands[i]);
                ticketIds[i] = NewTicketId();
                pending.Add(i);
            }
            catch (BrokerException refused)
            {
                outcomes[i] = EnqueueOutcome.Failed(refused);
            }
        }

        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var dates = new Dictionary<string, string>(StringComparer.Ordinal);
            var arguments = new RedisValue[1 + (EnqueueArgumentCount * pending.Count)];
            arguments[0] = pending.Count;
            for (var k = 0; k < pending.Count; k++)
            {
                var command = commands[pending[k]];
                var zone = _timeZones.GetValueOrDefault(Address(stored[pending[k]], command.Queue), "UTC");
                if (!dates.TryGetValue(zone, out var date))
                {
                    dates[zone] = date = LocalDateIn(zone);
                }

                EnqueueArguments(command, stored[pending[k]], ticketIds[pending[k]], zone, date).CopyTo(arguments, 1 + (EnqueueArgumentCount * k));
            }

            var json = await scripts.RunAsync(BrokerScript.EnqueueBatch, arguments, cancellationToken);
            var items = JsonSerializer.Deserialize(json, StorageJsonContext.Default.ScriptReply)?.Items;
            if (items is null || items.Count != pending.Count)
            {
                throw new BrokerException(BrokerErrorCode.Internal, "bad_reply", $"script {BrokerScript.EnqueueBatch} answered {items?.Count} items for {pending.Count}");
            }

            var stale = new List<int>();
            for (var k = 0; k < items.Count; k++)
            {
                var (index, reply) = (pending[k], items[k]);
                if (reply.Err == "STALE_TZ" && attempt == 0)
                {
                    _timeZones[Address(stored[index], commands[index].Queue)] = reply.Tz ?? "UTC";
                    stale.Add(index);
                    continue;
                }

                outcomes[index] = reply.Err switch
                {
                    null => EnqueueOutcome.Enqueued(ToEnqueueResult(reply)),
                    "FAILED_PRECONDITION" => EnqueueOutcome.Failed(
                        new BrokerException(BrokerErrorCode.FailedPrecondition, reply.Reason ?? "failed_precondition", reply.Detail ?? "")),
                    _ => EnqueueOutcome.Failed(
                        new BrokerException(BrokerErrorCode.Internal, reply.Reason ?? "script_error", $"script {BrokerScript.EnqueueBatch} answered {reply.Err}")),
                };
            }

            pending = stale;
        }

        return outcomes;
    }

    private const int EnqueueArgumentCount = 13;

    /// <summary>Checks the command; answers its branch as the scripts take it.</summary>
    private string CheckEnqueue(EnqueueCommand command)
    {
        InputRules.Identifier(command.RequestId, "request_id");
        var branch = StoredBranch(command.Branch, "branch");
        InputRules.QueueCode(command.Queue, "queue");
        InputRules.Text(command.PriorityReason, "priority_reason", 64, required: false);
        InputRules.Customer(command.Customer, "customer");
        InputRules.CustomerIndex(command.CustomerIndex, command.MaxOpenTickets, "customer_index");
        InputRules.Holder(command.Holder, "holder", required: false);
        return branch;
    }

    /// <summary>
    /// The branch as the scripts take it: "" for the default branch, named or not, so its keys stay the
    /// layout from before branches (docs/broker.md); any other branch's code as it is.
    /// </summary>
    public string StoredBranch(string? branch, string field)
    {
        var name = BranchName(branch, field);
        return name == DefaultBranch ? "" : name;
    }

    // A queue's address; neither part holds '.', so it is exact.
    private static string Address(string storedBranch, string code) => storedBranch + "." + code;

    private static string NewTicketId() => Guid.CreateVersion7().ToString("N");

    // The day's numbers follow the queue's local date; an unknown zone sends "" and the script answers STALE_TZ.
    private string LocalDateIn(string zone) =>
        InputRules.TryFindTimeZone(zone, out var timeZone)
            ? TimeZoneInfo.ConvertTime(time.GetUtcNow(), timeZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : "";

    /// <summary>One request's arguments, in the order enqueue.lua and each group of enqueue_batch.lua read them.</summary>
    private static RedisValue[] EnqueueArguments(EnqueueCommand command, string storedBranch, string ticketId, string zone, string localDate) =>
    [
        ticketId, command.RequestId, command.Queue, TicketHash.PriorityName(command.Priority), command.PriorityReason,
        TicketHash.ChannelName(command.Channel), Convert.ToBase64String(command.Customer.Span), zone, localDate,
        Convert.ToBase64String(command.CustomerIndex.Span), command.MaxOpenTickets.ToString(CultureInfo.InvariantCulture), storedBranch, command.Holder,
    ];

    private EnqueueResult ToEnqueueResult(ScriptReply reply) =>
        new(TicketHash.ToTicket(reply.Ticket!, DefaultBranch), Int(reply.Position), TicketHash.ToEstimate(reply.Estimate), reply.Existing == "1");

    /// <summary>The next ticket by the calling policy, or null when nothing waits.</summary>
    public Task<Ticket?> CallNextAsync(string queue, string attendant, string desk, CancellationToken cancellationToken) =>
        CallNextAsync("", queue, attendant, desk, cancellationToken);

    /// <summary>The next ticket of a branch's queue ("" = the default branch), or null when nothing waits.</summary>
    public async Task<Ticket?> CallNextAsync(string branch, string queue, string attendant, string desk, CancellationToken cancellationToken)
    {
        var stored = StoredBranch(branch, "branch");
        InputRules.QueueCode(queue, "queue");
        InputRules.Person(attendant, "attendant");
        InputRules.Person(desk, "desk");
        var reply = await RunAsync(BrokerScript.CallNext, [queue, attendant, desk, stored], cancellationToken);
        return reply.Ticket is { } ticket ? TicketHash.ToTicket(ticket, DefaultBranch) : null;
    }

    public async Task<Ticket> CallTicketAsync(string ticketId, string attendant, string desk, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        InputRules.Person(attendant, "attendant");
        InputRules.Person(desk, "desk");
        return await TicketAsync(BrokerScript.CallTicket, [ticketId, attendant, desk], cancellationToken);
    }

    public Task<Ticket> RecallAsync(string ticketId, string attendant, CancellationToken cancellationToken) =>
        AttendantStepAsync(BrokerScript.Recall, ticketId, attendant, cancellationToken);

    public Task<Ticket> StartServiceAsync(string ticketId, string attendant, CancellationToken cancellationToken) =>
        AttendantStepAsync(BrokerScript.StartService, ticketId, attendant, cancellationToken);

    public Task<Ticket> MarkNoShowAsync(string ticketId, string attendant, CancellationToken cancellationToken) =>
        AttendantStepAsync(BrokerScript.NoShow, ticketId, attendant, cancellationToken);

    public async Task<Ticket> CompleteAsync(string ticketId, string attendant, string outcome, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        InputRules.Person(attendant, "attendant");
        InputRules.Text(outcome, "outcome", 64);
        return await TicketAsync(BrokerScript.Complete, [ticketId, attendant, outcome], cancellationToken);
    }

    public Task<Ticket> ParkAsync(string ticketId, string actor, CancellationToken cancellationToken) =>
        SupervisorStepAsync(BrokerScript.Park, ticketId, actor, cancellationToken);

    public Task<Ticket> ResumeAsync(string ticketId, string actor, CancellationToken cancellationToken) =>
        SupervisorStepAsync(BrokerScript.Resume, ticketId, actor, cancellationToken);

    // transfer.lua's word for "the ticket's own branch" (a branch code never holds '=').
    private const string OwnBranch = "=";

    public Task<Ticket> TransferAsync(string ticketId, string targetQueue, bool toFront, string actor, CancellationToken cancellationToken) =>
        TransferAsync(ticketId, "", targetQueue, toFront, actor, cancellationToken);

    /// <summary>
    /// To a queue of the ticket's own branch: <paramref name="targetBranch"/> empty means that branch, as a
    /// queue code alone names a queue of the office the ticket is in; naming another is FAILED_PRECONDITION
    /// <c>cross_branch_transfer</c>.
    /// </summary>
    public async Task<Ticket> TransferAsync(string ticketId, string targetBranch, string targetQueue, bool toFront, string actor, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        var stored = string.IsNullOrEmpty(targetBranch) ? OwnBranch : StoredBranch(targetBranch, "target_branch");
        InputRules.QueueCode(targetQueue, "target_queue");
        InputRules.OptionalPerson(actor, "actor");
        return await TicketAsync(BrokerScript.Transfer, [ticketId, targetQueue, toFront ? "1" : "0", actor, stored], cancellationToken);
    }

    public async Task<(Ticket Ticket, int Position)> MoveAsync(string ticketId, int position, string actor, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        InputRules.Position(position, "position");
        InputRules.OptionalPerson(actor, "actor");
        var reply = await RunAsync(BrokerScript.Move, [ticketId, position, actor], cancellationToken);
        return (TicketHash.ToTicket(reply.Ticket!, DefaultBranch), Int(reply.Position));
    }

    public async Task<Ticket> RemoveAsync(string ticketId, string reason, string actor, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        InputRules.Text(reason, "reason", 200);
        InputRules.OptionalPerson(actor, "actor");
        return await TicketAsync(BrokerScript.Remove, [ticketId, reason, actor], cancellationToken);
    }

    /// <summary>By ticket id, else by request id, else by holder hash (found only while the ticket is open).</summary>
    public async Task<TicketLookup> GetTicketAsync(string? ticketId, string? requestId, CancellationToken cancellationToken, string? holder = null)
    {
        if (!string.IsNullOrEmpty(ticketId))
        {
            InputRules.Identifier(ticketId, "ticket_id");
        }
        else if (holder is null)
        {
            InputRules.Identifier(requestId, "request_id");
        }
        else
        {
            InputRules.Holder(holder, "holder", required: true);
        }

        RedisValue[] key = !string.IsNullOrEmpty(ticketId) ? [ticketId, "", ""] : holder is null ? ["", requestId, ""] : ["", "", holder];
        var reply = await RunAsync(BrokerScript.GetTicket, key, cancellationToken);
        return new TicketLookup(TicketHash.ToTicket(reply.Ticket!, DefaultBranch), Int(reply.Position), TicketHash.ToEstimate(reply.Estimate));
    }

    /// <summary>Up to <paramref name="count"/> events after <paramref name="after"/>, with the stream's bounds.</summary>
    public async Task<EventPage> ReadEventsAsync(long after, int count, CancellationToken cancellationToken)
    {
        var json = await scripts.RunAsync(BrokerScript.ReadEvents, [after, count], cancellationToken);
        var reply = JsonSerializer.Deserialize(json, StorageJsonContext.Default.EventPageReply)!;
        return new EventPage(reply.Last, reply.First, reply.Events.Select(e => EventMapper.ToEvent(e, DefaultBranch)).ToList());
    }

    private async Task<Ticket> AttendantStepAsync(BrokerScript script, string ticketId, string attendant, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        InputRules.Person(attendant, "attendant");
        return await TicketAsync(script, [ticketId, attendant], cancellationToken);
    }

    private async Task<Ticket> SupervisorStepAsync(BrokerScript script, string ticketId, string actor, CancellationToken cancellationToken)
    {
        InputRules.Identifier(ticketId, "ticket_id");
        InputRules.OptionalPerson(actor, "actor");
        return await TicketAsync(script, [ticketId, actor], cancellationToken);
    }

    private async Task<Ticket> TicketAsync(BrokerScript script, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var reply = await RunAsync(script, arguments, cancellationToken);
        return TicketHash.ToTicket(reply.Ticket!, DefaultBranch);
    }

    private Task<ScriptReply> RunAsync(BrokerScript script, RedisValue[] arguments, CancellationToken cancellationToken, bool allowStaleTimeZone = false) =>
        scripts.CallAsync(script, arguments, cancellationToken, allowStaleTimeZone);

    private List<Ticket> Tickets(List<Dictionary<string, string>>? hashes) => (hashes ?? []).Select(h => TicketHash.ToTicket(h, DefaultBranch)).ToList();

    private static int Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
