-- ARGV[8] ticket id or '', [9] request id or '', [10] holder hash or '' (the first one given is the key).
local id = ARGV[8]
if id == '' and ARGV[9] ~= '' then
  id = redis.call('GET', key('req', ARGV[9]))
  if not id then return fail('NOT_FOUND', 'unknown_request', 'no ticket for request ' .. ARGV[9]) end
elseif id == '' then
  -- A holder finds only an open ticket; the detail never repeats the hash.
  id = redis.call('GET', key('h', ARGV[10] or ''))
  if not id then return fail('NOT_FOUND', 'unknown_holder', 'no open ticket for this holder') end
end
local t = load_ticket(id)
if not t then return fail('NOT_FOUND', 'unknown_ticket', 'ticket ' .. id .. ' does not exist') end
if ARGV[8] == '' and ARGV[9] == '' and t.holder ~= ARGV[10] then return fail('NOT_FOUND', 'unknown_holder', 'no open ticket for this holder') end
local def = hash(qkey(t.branch, t.queue, 'def')) or {}
local place = place_of_ticket(t, def)
local est = nil
if place > 0 then est = estimate(t.branch, t.queue, place - 1) end
return ok({ ticket = t, position = tostring(place), estimate = est })
