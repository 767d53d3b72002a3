-- ARGV[8] attendant.
local attendant = ARGV[8]
local pk = prkey(attendant)
local p = hash(pk)
if not signed_in(p) then return fail('FAILED_PRECONDITION', 'not_signed_in', 'the attendant is not signed in') end
if p.state ~= 'paused' then return fail('FAILED_PRECONDITION', 'not_paused', 'the attendant is not paused') end
redis.call('HSET', pk, 'state', 'available', 'reason', '', 'since', NOW_S)
local view = presence_view(hash(pk))
emit('presence_changed', p.branch, '', nil, { actor = attendant, presence = view })
return ok({ presence = view })
