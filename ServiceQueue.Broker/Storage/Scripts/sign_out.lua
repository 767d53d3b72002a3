-- ARGV[8] attendant. The hash stays, as signed_out: such an attendant may no longer call until they sign in
-- again (unlike one who never signed in), and the answer and the event say where they were.
local attendant = ARGV[8]
local pk = prkey(attendant)
local p = hash(pk)
if not signed_in(p) then return fail('FAILED_PRECONDITION', 'not_signed_in', 'the attendant is not signed in') end
local held = redis.call('GET', key('a', attendant))
if held then return fail('FAILED_PRECONDITION', 'attendant_busy', 'attendant holds ticket ' .. held) end
local seat = bkey(p.branch, 'ds', p.desk)
if redis.call('GET', seat) == attendant then redis.call('DEL', seat) end
redis.call('SREM', bkey(p.branch, 'present'), attendant)
redis.call('HSET', pk, 'state', 'signed_out', 'reason', '', 'since', NOW_S)
local view = presence_view(hash(pk))
emit('presence_changed', p.branch, '', nil, { actor = attendant, presence = view })
return ok({ presence = view })
