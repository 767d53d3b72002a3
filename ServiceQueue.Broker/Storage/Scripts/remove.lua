-- ARGV[8] ticket id, [9] reason, [10] actor.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'waiting', 'called', 'parked') then return state_error(t, 'waiting_called_or_parked') end
if t.state == 'waiting' then
  leave_line(t)
elseif t.state == 'called' then
  release(t)
else
  redis.call('ZREM', qkey(t.branch, t.queue, 'parked'), t.id)
end
save(t, { state = 'removed', ended = NOW_S, reason = ARGV[9] })
finish(t)
emit('removed', t.branch, t.queue, t, { actor = ARGV[10] })
return ok({ ticket = t })
