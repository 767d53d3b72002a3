-- ARGV[8] ticket id, [9] attendant, [10] outcome.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'serving') then return state_error(t, 'serving') end
local holder = holder_error(t, ARGV[9])
if holder then return holder end
release(t)
save(t, { state = 'completed', ended = NOW_S, outcome = ARGV[10] })
-- A desk's cycle, from call to completion, is what limits the queue's pace: that is the sample.
local svc = qkey(t.queue, 'svc')
redis.call('LPUSH', svc, tostring(NOW - num(t.called, NOW)))
redis.call('LTRIM', svc, 0, SAMPLES - 1)
touch_attendant(t.queue, ARGV[9])
finish(t)
emit('completed', t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
