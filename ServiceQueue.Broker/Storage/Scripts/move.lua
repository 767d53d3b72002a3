-- ARGV[8] ticket id, [9] position (1-based, in the calling order), [10] actor.
-- The ticket keeps its class: it takes the first place of its class at or after the position
-- (the pattern of classes in the order depends only on how many of each wait).
local t = load_ticket(ARGV[8])
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. ARGV[8] .. ' does not exist') end
if not_state(t, 'waiting') then return state_error(t, 'waiting') end
local def = hash(qkey(t.branch, t.queue, 'def')) or {}
local line = line_key(t.branch, t.queue, t.prio)
redis.call('ZREM', line, t.id)
local np = redis.call('ZCARD', qkey(t.branch, t.queue, 'wp'))
local nn = redis.call('ZCARD', qkey(t.branch, t.queue, 'wn'))
local before = class_places_before(t.prio, tonumber(ARGV[9]), np, nn, num(def.run, 0), num(def.prun, 1))
local order
local around = redis.call('ZRANGE', line, math.max(before - 1, 0), before, 'WITHSCORES')
if before == 0 then
  if #around > 0 then order = tonumber(around[2]) - 1 else order = tonumber(t.order) end
elseif #around >= 4 then
  order = (tonumber(around[2]) + tonumber(around[4])) / 2
else
  order = redis.call('INCR', qkey(t.branch, t.queue, 'order'))
end
redis.call('ZADD', line, order, t.id)
save(t, { order = tostring(order) })
local place = place_of_ticket(t, def)
emit('moved', t.branch, t.queue, t, { position = tostring(place), actor = ARGV[10] })
return ok({ ticket = t, position = tostring(place) })
