-- ARGV[8] queue, [9] attendant, [10] desk, [11] branch ('' = the default).
-- Policy (design.md invariant 5): a ticket waiting longer than the queue's maximum wait goes first
-- (oldest first); otherwise priority tickets first, FIFO, but at most `prun` in a row while normal
-- tickets wait; otherwise normal tickets, FIFO. `run` counts those priority calls.
local code, attendant, desk, branch = ARGV[8], ARGV[9], ARGV[10], ARGV[11] or ''
local dk = qkey(branch, code, 'def')
local def = hash(dk)
if not def then return fail('FAILED_PRECONDITION', 'unknown_queue', 'queue ' .. code .. ' does not exist') end
local absent = presence_error(attendant)
if absent then return absent end
local busy = busy_error(branch, attendant, desk)
if busy then return busy end

local np = redis.call('ZCARD', qkey(branch, code, 'wp'))
local nn = redis.call('ZCARD', qkey(branch, code, 'wn'))
if np + nn == 0 then return ok({}) end
local run = num(def.run, 0)

-- The same ordering GetQueue pages through: whatever it lists first is what this calls.
local id = calling_order(branch, code, def, 0, 1)[1]
local t = load_ticket(id)
if t.prio == 'priority' then
  if nn > 0 then run = run + 1 else run = 0 end
else
  run = 0
end
redis.call('HSET', dk, 'run', tostring(run))
call(t, attendant, desk)
emit('called', branch, code, t, { actor = attendant })
return ok({ ticket = t })
