-- ARGV[8] ticket id or '', [9] request id or ''.
local id = ARGV[8]
if id == '' then
  id = redis.call('GET', key('req', ARGV[9]))
  if not id then return fail('NOT_FOUND', 'unknown_request', 'no ticket for request ' .. ARGV[9]) end
end
local t = load_ticket(id)
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. id .. ' does not exist') end
local def = hash(qkey(t.branch, t.queue, 'def')) or {}
local place = place_of_ticket(t, def)
local est = nil
if place > 0 then est = estimate(t.branch, t.queue, place - 1) end
return ok({ ticket = t, position = tostring(place), estimate = est })
