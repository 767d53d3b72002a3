-- Enqueue of one request, shared by enqueue.lua and enqueue_batch.lua (prepended after _lib.lua).
-- `a` holds one request's arguments (see enqueue.lua); `seen` keeps, per queue address, what a single
-- script run may reuse across its requests: the definition, the two line lengths and the service rates.
-- Returns the reply table (ticket, position, estimate, existing) or an error table, and the cursor of
-- the event it appended (nil when none). The caller rings the doorbell.
local function queue_state(seen, branch, code)
  -- '<branch>.<code>': neither holds '.', so the address is exact.
  local address = branch .. '.' .. code
  local q = seen[address]
  if q == nil then
    local def = hash(qkey(branch, code, 'def'))
    q = { def = def }
    if def then
      q.np = redis.call('ZCARD', qkey(branch, code, 'wp'))
      q.nn = redis.call('ZCARD', qkey(branch, code, 'wn'))
    end
    seen[address] = q
  end
  return q
end

local function enqueue_one(a, seen)
  local rid = a.rid
  local existing = redis.call('GET', key('req', rid))
  if existing then
    local t = load_ticket(existing)
    if t then
      local def = hash(qkey(t.branch, t.queue, 'def')) or {}
      local place = place_of_ticket(t, def)
      local est = nil
      if place > 0 then est = estimate(t.branch, t.queue, place - 1) end
      return { ticket = t, position = tostring(place), estimate = est, existing = '1' }, nil
    end
  end

  local code, branch = a.queue, a.branch
  local q = queue_state(seen, branch, code)
  local def = q.def
  if not def then return { err = 'FAILED_PRECONDITION', reason = 'unknown_queue', detail = 'queue ' .. code .. ' does not exist' }, nil end
  -- The day's number sequence is per local date in the queue's zone, which the caller computed.
  if def.tz ~= a.tz then return { err = 'STALE_TZ', tz = def.tz }, nil end
  if def.open ~= '1' then return { err = 'FAILED_PRECONDITION', reason = 'queue_closed', detail = 'queue ' .. code .. ' is closed' }, nil end
  local max_size = num(def.max_size, 0)
  if max_size > 0 and q.np + q.nn >= max_size then
    return { err = 'FAILED_PRECONDITION', reason = 'queue_full', detail = 'queue ' .. code .. ' has ' .. (q.np + q.nn) .. ' tickets waiting' }, nil
  end

  -- Open tickets per customer: a set of ticket ids per blind index, so the count is exact and a repeated finish is harmless.
  local cidx = a.cidx or ''
  local max_open = num(a.max_open, 0)
  local ckey = key('cust', cidx)
  if cidx ~= '' and max_open > 0 and redis.call('SCARD', ckey) >= max_open then
    return { err = 'FAILED_PRECONDITION', reason = 'too_many_open_tickets', detail = 'the customer already holds ' .. max_open .. ' open tickets' }, nil
  end

  local id = a.id
  local prio = a.prio
  local seq_key = qkey(branch, code, 'num:' .. a.date)
  local seq = redis.call('INCR', seq_key)
  if seq == 1 then redis.call('EXPIRE', seq_key, 3 * 86400) end
  local order = redis.call('INCR', qkey(branch, code, 'order'))
  redis.call('ZADD', line_key(branch, code, prio), order, id)
  redis.call('ZADD', qkey(branch, code, 'since'), NOW, id)
  if prio == 'priority' then q.np = q.np + 1 else q.nn = q.nn + 1 end
  local idx = redis.call('ZRANK', line_key(branch, code, prio), id) + 1
  local place = place_of(prio, idx, q.np, q.nn, num(def.run, 0), num(def.prun, 1))
  if q.rates == nil then q.rates = service_rates(branch, code) end
  local est = estimate_from(q.rates, place - 1)

  local t = { id = id }
  local fields = {
    id = id, rid = rid, queue = code, number = def.prefix .. '-' .. string.format('%03d', seq), prio = prio,
    preason = a.preason, channel = a.channel, state = 'waiting', cust = a.cust, enq = NOW_S, since = NOW_S,
    recalls = '0', transfers = '0', order = tostring(order),
    est = est.expected, est_opt = est.optimistic, est_ahead = est.ahead,
  }
  -- Absent means the default branch, as in every ticket written before branches.
  if branch ~= '' then fields.branch = branch end
  -- The ticket page's token hash: found by GetTicket until finish() forgets it.
  local holder = a.holder or ''
  if holder ~= '' then fields.holder = holder end
  save(t, fields)
  redis.call('SET', key('req', rid), id)
  if holder ~= '' then redis.call('SET', key('h', holder), id) end
  if cidx ~= '' then
    redis.call('SADD', ckey, id)
    -- Bounded life: a set forgotten by a lost finish cannot block a customer for longer than this.
    redis.call('EXPIRE', ckey, RETENTION_S)
    redis.call('SET', key('tc', id), cidx, 'EX', RETENTION_S)
  end

  -- The event as emit() writes it, without its doorbell: a batch rings once for all its events.
  local cursor = redis.call('INCR', key('ev', 'seq'))
  local e = { cursor = tostring(cursor), type = 'enqueued', queue = code, at = NOW_S, ticket = t, position = tostring(place) }
  if branch ~= '' then e.branch = branch end
  redis.call('XADD', key('ev'), 'MAXLEN', '~', MAXLEN, '0-' .. cursor, 'e', cjson.encode(e))
  return { ticket = t, position = tostring(place), estimate = est, existing = '0' }, cursor
end

-- The request whose arguments start at ARGV[i], in enqueue.lua's order.
local function enqueue_args(i)
  return {
    id = ARGV[i], rid = ARGV[i + 1], queue = ARGV[i + 2], prio = ARGV[i + 3], preason = ARGV[i + 4],
    channel = ARGV[i + 5], cust = ARGV[i + 6], tz = ARGV[i + 7], date = ARGV[i + 8], cidx = ARGV[i + 9],
    max_open = ARGV[i + 10], branch = ARGV[i + 11] or '', holder = ARGV[i + 12] or '',
  }
end

-- Script body follows.
