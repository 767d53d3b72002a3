-- ARGV[8] alert id, [9] actor. The first acknowledgement is kept: a repeat answers it and emits nothing.
local id, actor = ARGV[8], ARGV[9]
local k = key('al', id)
local a = hash(k)
if not a then return fail('NOT_FOUND', 'unknown_alert', 'alert ' .. id .. ' does not exist') end
if a.ack and a.ack ~= '' then return ok({ alert = a }) end
if a.active ~= '1' then return fail('FAILED_PRECONDITION', 'alert_cleared', 'alert ' .. id .. ' was cleared') end
redis.call('HSET', k, 'ack', NOW_S, 'ack_by', actor)
a.ack, a.ack_by = NOW_S, actor
emit('alert_acknowledged', a.branch, a.queue, nil, { actor = actor, alert = a })
return ok({ alert = a })
