-- ARGV[8] ticket id, [9] attendant, [10] outcome.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'serving') then return state_error(t, 'serving') end
local holder = holder_error(t, ARGV[9])
if holder then return holder end
release(t)
save(t, { state = 'completed', ended = NOW_S, outcome = ARGV[10] })
-- A desk's cycle, from call to completion, is what limits the queue's pace: that is the sample.
local svc = qkey(t.branch, t.queue, 'svc')
redis.call('LPUSH', svc, tostring(NOW - num(t.called, NOW)))
redis.call('LTRIM', svc, 0, SAMPLES - 1)
-- The last hour's completions, for the supervisor page's "served in the last hour": trimmed on every completion,
-- so the set never holds more than one hour of one queue's work.
local done = qkey(t.branch, t.queue, 'done')
redis.call('ZADD', done, NOW, t.id)
redis.call('ZREMRANGEBYSCORE', done, '-inf', '(' .. tostring(NOW - HOUR_MS))
touch_attendant(t.branch, t.queue, ARGV[9])
finish(t)
emit('completed', t.branch, t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
