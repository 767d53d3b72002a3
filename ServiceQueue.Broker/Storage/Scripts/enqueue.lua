-- ARGV[8] new ticket id, [9] request id, [10] queue, [11] priority class, [12] priority reason,
-- [13] channel, [14] customer envelope (base64), [15] time zone the caller used for [16],
-- [16] the local date in that zone (yyyymmdd), [17] customer blind index (base64, may be empty),
-- [18] most unfinished tickets that customer may hold (0 = no limit).
local rid = ARGV[9]
local existing = redis.call('GET', key('req', rid))
if existing then
  local t = load_ticket(existing)
  if t then
    local def = hash(qkey(t.queue, 'def')) or {}
    local place = place_of_ticket(t, def)
    local est = nil
    if place > 0 then est = estimate(t.queue, place - 1) end
    return ok({ ticket = t, position = tostring(place), estimate = est, existing = '1' })
  end
end

local code = ARGV[10]
local def = hash(qkey(code, 'def'))
if not def then return fail('FAILED_PRECONDITION', 'unknown_queue', 'queue ' .. code .. ' does not exist') end
-- The day's number sequence is per local date in the queue's zone, which the caller computed.
if def.tz ~= ARGV[15] then return cjson.encode({ err = 'STALE_TZ', tz = def.tz }) end
if def.open ~= '1' then return fail('FAILED_PRECONDITION', 'queue_closed', 'queue ' .. code .. ' is closed') end
local np = redis.call('ZCARD', qkey(code, 'wp'))
local nn = redis.call('ZCARD', qkey(code, 'wn'))
local max_size = num(def.max_size, 0)
if max_size > 0 and np + nn >= max_size then
  return fail('FAILED_PRECONDITION', 'queue_full', 'queue ' .. code .. ' has ' .. (np + nn) .. ' tickets waiting')
end

-- Open tickets per customer: a set of ticket ids per blind index, so the count is exact and a repeated finish is harmless.
local cidx = ARGV[17] or ''
local max_open = num(ARGV[18], 0)
local ckey = key('cust', cidx)
if cidx ~= '' and max_open > 0 and redis.call('SCARD', ckey) >= max_open then
  return fail('FAILED_PRECONDITION', 'too_many_open_tickets', 'the customer already holds ' .. max_open .. ' open tickets')
end

local id = ARGV[8]
local prio = ARGV[11]
local seq_key = qkey(code, 'num:' .. ARGV[16])
local seq = redis.call('INCR', seq_key)
if seq == 1 then redis.call('EXPIRE', seq_key, 3 * 86400) end
local order = redis.call('INCR', qkey(code, 'order'))
redis.call('ZADD', line_key(code, prio), order, id)
redis.call('ZADD', qkey(code, 'since'), NOW, id)
if prio == 'priority' then np = np + 1 else nn = nn + 1 end
local idx = redis.call('ZRANK', line_key(code, prio), id) + 1
local place = place_of(prio, idx, np, nn, num(def.run, 0), num(def.prun, 1))
local est = estimate(code, place - 1)

local t = { id = id }
save(t, {
  id = id, rid = rid, queue = code, number = def.prefix .. '-' .. string.format('%03d', seq), prio = prio,
  preason = ARGV[12], channel = ARGV[13], state = 'waiting', cust = ARGV[14], enq = NOW_S, since = NOW_S,
  recalls = '0', transfers = '0', order = tostring(order),
  est = est.expected, est_opt = est.optimistic, est_ahead = est.ahead,
})
redis.call('SET', key('req', rid), id)
if cidx ~= '' then
  redis.call('SADD', ckey, id)
  -- Bounded life: a set forgotten by a lost finish cannot block a customer for longer than this.
  redis.call('EXPIRE', ckey, RETENTION_S)
  redis.call('SET', key('tc', id), cidx, 'EX', RETENTION_S)
end
emit('enqueued', code, t, { position = tostring(place) })
return ok({ ticket = t, position = tostring(place), estimate = est, existing = '0' })
