-- ARGV[8] ticket id, [9] attendant.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'called') then return state_error(t, 'called') end
local holder = holder_error(t, ARGV[9])
if holder then return holder end
local def = hash(qkey(t.branch, t.queue, 'def')) or {}
local recalls, limit = num(t.recalls, 0), num(def.recall_limit, 0)
if recalls >= limit then
  return fail('FAILED_PRECONDITION', 'recall_limit_reached', 'ticket ' .. t.id .. ' was recalled ' .. recalls .. ' of ' .. limit .. ' times')
end
local interval = num(def.recall_interval, 0)
local since_last = NOW - num(t.last_call, 0)
if since_last < interval then
  return fail('FAILED_PRECONDITION', 'recall_too_soon', 'ticket ' .. t.id .. ' was called ' .. since_last .. ' ms ago; the least interval is ' .. interval .. ' ms')
end
save(t, { recalls = tostring(recalls + 1), last_call = NOW_S })
touch_attendant(t.branch, t.queue, ARGV[9])
emit('recalled', t.branch, t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
