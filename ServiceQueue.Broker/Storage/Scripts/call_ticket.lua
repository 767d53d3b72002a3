-- ARGV[8] ticket id, [9] attendant, [10] desk. Calling a chosen ticket leaves the priority run as it is.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'waiting') then return state_error(t, 'waiting') end
local absent = presence_error(ARGV[9])
if absent then return absent end
local busy = busy_error(t.branch, ARGV[9], ARGV[10])
if busy then return busy end
call(t, ARGV[9], ARGV[10])
emit('called', t.branch, t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
