-- ARGV[8] queue. A consistent snapshot: everything the caller needs to order the waiting tickets
-- (lines, wait starts, run counter), the active and parked tickets, and the cursor it reflects.
local code = ARGV[8]
local def = hash(qkey(code, 'def'))
if not def then return fail('NOT_FOUND', 'unknown_queue', 'queue ' .. code .. ' does not exist') end
local function tickets(ids)
  local list = {}
  for _, id in ipairs(ids) do
    local t = load_ticket(id)
    if t then list[#list + 1] = t end
  end
  if #list == 0 then return nil end
  return list
end
local samples = redis.call('LRANGE', qkey(code, 'svc'), 0, -1)
if #samples == 0 then samples = nil end
return ok({
  def = def,
  priority = tickets(redis.call('ZRANGE', qkey(code, 'wp'), 0, -1)),
  normal = tickets(redis.call('ZRANGE', qkey(code, 'wn'), 0, -1)),
  active = tickets(redis.call('SMEMBERS', qkey(code, 'active'))),
  parked = tickets(redis.call('ZRANGE', qkey(code, 'parked'), 0, -1)),
  samples = samples,
  attendants = tostring(active_attendants(code)),
  cursor = redis.call('GET', key('ev', 'seq')) or '0',
})
