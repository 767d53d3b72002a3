-- ARGV[8] queue, [9] offset (places skipped), [10] page size, [11] most active or parked tickets returned,
-- [12] branch ('' = the default).
-- A consistent snapshot of one page: the waiting tickets at places offset+1 .. offset+size in calling
-- order, the active and parked tickets up to the cap, the totals, and the cursor it all reflects.
-- Only the page's tickets are read: a page deep in a long queue costs ids, not hashes.
local code, branch = ARGV[8], ARGV[12] or ''
local offset, size, cap = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local def = hash(qkey(branch, code, 'def'))
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
-- Called or serving tickets: one per desk in practice; the cap keeps the reply bounded regardless.
local active = redis.call('SMEMBERS', qkey(branch, code, 'active'))
local active_total = #active
if active_total > cap then
  table.sort(active)
  for i = #active, cap + 1, -1 do active[i] = nil end
end
local samples = redis.call('LRANGE', qkey(branch, code, 'svc'), 0, -1)
if #samples == 0 then samples = nil end
return ok({
  def = def,
  waiting = tickets(calling_order(branch, code, def, offset, size)),
  waiting_total = tostring(redis.call('ZCARD', qkey(branch, code, 'wp')) + redis.call('ZCARD', qkey(branch, code, 'wn'))),
  active = tickets(active),
  active_total = tostring(active_total),
  parked = tickets(redis.call('ZRANGE', qkey(branch, code, 'parked'), 0, cap - 1)),
  parked_total = tostring(redis.call('ZCARD', qkey(branch, code, 'parked'))),
  samples = samples,
  attendants = tostring(active_attendants(branch, code)),
  cursor = redis.call('GET', key('ev', 'seq')) or '0',
})
