-- ARGV[8] ticket id, [9] attendant.
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'called') then return state_error(t, 'called') end
local holder = holder_error(t, ARGV[9])
if holder then return holder end
save(t, { state = 'serving', serving = NOW_S })
touch_attendant(t.queue, ARGV[9])
emit('serving', t.queue, t, { actor = ARGV[9] })
return ok({ ticket = t })
