-- ARGV[8] ticket id, [9] actor. Back to its old place in its class line; its wait keeps counting
-- from when it started waiting.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'parked') then return state_error(t, 'parked') end
redis.call('ZREM', qkey(t.branch, t.queue, 'parked'), t.id)
redis.call('ZADD', line_key(t.branch, t.queue, t.prio), tonumber(t.order), t.id)
redis.call('ZADD', qkey(t.branch, t.queue, 'since'), tonumber(t.since), t.id)
save(t, { state = 'waiting', parked = '' })
emit('resumed', t.branch, t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
