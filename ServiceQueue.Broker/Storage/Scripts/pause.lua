-- ARGV[8] attendant, [9] reason. Pausing again with another reason changes the reason (and starts its time).
local attendant, reason = ARGV[8], ARGV[9]
local pk = prkey(attendant)
local p = hash(pk)
if not signed_in(p) then return fail('FAILED_PRECONDITION', 'not_signed_in', 'the attendant is not signed in') end
-- Once the Api has set the branch's list, only its codes pause; before that, any code does (installs from before the list).
local allowed = redis.call('GET', bkey(p.branch, 'pause_reasons'))
if allowed and (string.find(reason, ',', 1, true) or not string.find(allowed, ',' .. reason .. ',', 1, true)) then
  return fail('FAILED_PRECONDITION', 'unknown_pause_reason', 'pause reason ' .. reason .. ' is not defined for the branch')
end
local held = redis.call('GET', key('a', attendant))
if held then return fail('FAILED_PRECONDITION', 'attendant_busy', 'attendant holds ticket ' .. held) end
if p.state == 'paused' and p.reason == reason then return ok({ presence = presence_view(p) }) end
redis.call('HSET', pk, 'state', 'paused', 'reason', reason, 'since', NOW_S)
local view = presence_view(hash(pk))
emit('presence_changed', p.branch, '', nil, { actor = attendant, presence = view })
return ok({ presence = view })
