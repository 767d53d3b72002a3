-- ARGV[8] ticket id, [9] actor. A waiting or called ticket leaves the calling order (keeping its
-- order key, so Resume puts it back where it was) and frees its attendant and desk.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'waiting', 'called') then return state_error(t, 'waiting_or_called') end
if t.state == 'waiting' then leave_line(t) else release(t) end
redis.call('ZADD', qkey(t.branch, t.queue, 'parked'), NOW, t.id)
save(t, { state = 'parked', parked = NOW_S, att = '', desk = '' })
emit('parked', t.branch, t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
