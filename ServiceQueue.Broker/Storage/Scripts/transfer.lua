-- ARGV[8] ticket id, [9] target queue, [10] to front (1/0), [11] actor, [12] target branch ('' = the default,
-- '=' = the ticket's own).
-- The ticket keeps its id, number and class and waits again in the target queue from now.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'waiting', 'called', 'serving') then return state_error(t, 'waiting_called_or_serving') end
local target = ARGV[9]
-- A ticket stays in its branch: moving a customer to another office is not a transfer (yet).
local target_branch = ARGV[12] or '='
if target_branch ~= '=' and target_branch ~= (t.branch or '') then
  return fail('FAILED_PRECONDITION', 'cross_branch_transfer', 'ticket ' .. t.id .. ' cannot be transferred to another branch')
end
if target == t.queue then return fail('FAILED_PRECONDITION', 'same_queue', 'ticket ' .. t.id .. ' is already in queue ' .. target) end
local def = hash(qkey(t.branch, target, 'def'))
if not def then return fail('FAILED_PRECONDITION', 'unknown_queue', 'queue ' .. target .. ' does not exist') end
if def.open ~= '1' then return fail('FAILED_PRECONDITION', 'queue_closed', 'queue ' .. target .. ' is closed') end
local waiting = redis.call('ZCARD', qkey(t.branch, target, 'wp')) + redis.call('ZCARD', qkey(t.branch, target, 'wn'))
local max_size = num(def.max_size, 0)
if max_size > 0 and waiting >= max_size then
  return fail('FAILED_PRECONDITION', 'queue_full', 'queue ' .. target .. ' has ' .. waiting .. ' tickets waiting')
end

local source = t.queue
local before = {}
for k, v in pairs(t) do before[k] = v end
if t.state == 'waiting' then leave_line(t) else release(t) end
local line = line_key(t.branch, target, t.prio)
local order
if ARGV[10] == '1' then
  local first = redis.call('ZRANGE', line, 0, 0, 'WITHSCORES')
  if #first > 0 then order = tonumber(first[2]) - 1 else order = redis.call('INCR', qkey(t.branch, target, 'order')) end
else
  order = redis.call('INCR', qkey(t.branch, target, 'order'))
end
redis.call('ZADD', line, order, t.id)
redis.call('ZADD', qkey(t.branch, target, 'since'), NOW, t.id)
save(t, {
  queue = target, state = 'waiting', since = NOW_S, order = tostring(order), att = '', desk = '',
  called = '', last_call = '', serving = '', recalls = '0', from = source,
  transfers = tostring(num(t.transfers, 0) + 1),
})
emit('transferred', t.branch, source, t, { target = target, actor = ARGV[11], before = before })
return ok({ ticket = t })
