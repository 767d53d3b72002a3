-- Shared prelude, prepended to every script at load time (Redis has no include).
-- ARGV[1] key prefix, ARGV[2] now (Unix ms, from the caller's clock: scripts never read TIME),
-- ARGV[3] event stream retention (MAXLEN ~), ARGV[4] default service time (ms),
-- ARGV[5] window in which an attendant counts as active (ms), ARGV[6] service-time samples kept,
-- ARGV[7] seconds a finished ticket is kept. Script-specific arguments start at ARGV[8].
-- Keys are built here from the prefix: one Redis primary, no cluster (a cluster would need every
-- key of a queue under one {hash tag} and declared in KEYS).
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local NOW_S = ARGV[2]
local MAXLEN = ARGV[3]
local DEFAULT_SERVICE_MS = tonumber(ARGV[4])
local ACTIVE_WINDOW_MS = tonumber(ARGV[5])
local SAMPLES = tonumber(ARGV[6])
local RETENTION_S = tonumber(ARGV[7])
local HOUR_MS = 3600000

local function key(...) return P .. table.concat({...}, ':') end
-- A branch's key: the default branch ('' or nil) keeps the layout from before branches, so existing
-- data is served as it stands; any other branch lives under b:<branch>:.
local function bkey(branch, ...)
  if branch == nil or branch == '' then return key(...) end
  return key('b', branch, ...)
end
local function qkey(branch, code, part) return bkey(branch, 'q', code, part) end
local function tkey(id) return P .. 't:' .. id end

local function hash(k)
  local r = redis.call('HGETALL', k)
  if #r == 0 then return nil end
  local t = {}
  for i = 1, #r, 2 do t[r[i]] = r[i + 1] end
  return t
end

local function fail(code, reason, detail)
  return cjson.encode({ err = code, reason = reason, detail = detail })
end

local function ok(result)
  result.ok = 1
  return cjson.encode(result)
end

local function num(v, default) return tonumber(v or '') or default end

-- Appends exactly one event to the stream, with the next gapless cursor as its id (0-<cursor>),
-- and rings the doorbell so Brokers following the stream read it now rather than at their next poll.
local function emit(kind, branch, queue, ticket, extra)
  local cursor = redis.call('INCR', key('ev', 'seq'))
  local e = { cursor = tostring(cursor), type = kind, queue = queue, at = NOW_S, ticket = ticket }
  if branch and branch ~= '' then e.branch = branch end
  if extra then for k, v in pairs(extra) do e[k] = v end end
  redis.call('XADD', key('ev'), 'MAXLEN', '~', MAXLEN, '0-' .. cursor, 'e', cjson.encode(e))
  redis.call('PUBLISH', key('ev', 'bell'), cursor)
  return cursor
end

local function line_key(branch, code, prio) if prio == 'priority' then return qkey(branch, code, 'wp') end return qkey(branch, code, 'wn') end

-- The calling policy's class pattern, ignoring tickets over the maximum wait: priority first
-- unless `run` priority calls in a row were made while normal tickets waited (at most `limit`).
-- So: up to (limit - run) priority tickets, then one normal and up to `limit` priority tickets,
-- repeated, until a class runs out. Returns the 1-based place in the calling order of the idx-th
-- ticket of class `cls`, in O(1): an enqueue must not cost more as the queue grows.
local function place_of(cls, idx, np, nn, run, limit)
  local allowance = math.max(limit - run, 0)
  if cls == 'priority' then
    if idx <= allowance then return idx end
    return idx + math.min(nn, math.ceil((idx - allowance) / limit))
  end
  return idx + math.min(np, allowance + (idx - 1) * limit)
end

-- How many places of class `cls` come before place k in that same pattern (binary search on place_of).
local function class_places_before(cls, k, np, nn, run, limit)
  local lo, hi = 0, np
  if cls == 'normal' then hi = nn end
  while lo < hi do
    local mid = math.floor((lo + hi + 1) / 2)
    if place_of(cls, mid, np, nn, run, limit) < k then lo = mid else hi = mid - 1 end
  end
  return lo
end

-- The ids at places offset+1 .. offset+count of the calling order: the order CallNext would call
-- the waiting tickets in if nothing else happened. Tickets over the maximum wait come first, oldest
-- first (the head of the `since` set); the rest follow place_of's pattern with the run counter as it
-- would be after those calls. Never reads a ticket hash. With no ticket overdue a page costs O(log n)
-- per id; with some, a page past them reads ids and scores in chunks of 1000 up to its place (O(offset)).
local function calling_order(branch, code, def, offset, count)
  local ids = {}
  if count <= 0 then return ids end
  local since = qkey(branch, code, 'since')
  local overdue, cutoff = 0, 0
  local max_wait = num(def.max_wait, 0)
  if max_wait > 0 then
    cutoff = NOW - max_wait
    overdue = redis.call('ZCOUNT', since, '-inf', '(' .. cutoff)
  end
  if offset < overdue then
    ids = redis.call('ZRANGE', since, offset, math.min(offset + count, overdue) - 1)
    if #ids >= count then return ids end
  end

  -- Overdue tickets leave their lines first: replay the run counter over their classes as CallNext would.
  local wp, wn = qkey(branch, code, 'wp'), qkey(branch, code, 'wn')
  local np, nn = redis.call('ZCARD', wp), redis.call('ZCARD', wn)
  local run, limit = num(def.run, 0), num(def.prun, 1)
  local kp, kn = 0, 0
  local chunk = 1000
  local over = { [wp] = {}, [wn] = {} }
  local known = true
  if overdue > 0 and overdue <= np + nn - overdue then
    -- Classes in since order: the normal tickets left after each overdue one decide the run.
    local classes = {}
    for first = 0, overdue - 1, chunk do
      local some = redis.call('ZRANGE', since, first, math.min(first + chunk, overdue) - 1)
      local scores = redis.call('ZMSCORE', wp, unpack(some))
      for j = 1, #some do
        local line = wn
        if scores[j] then line = wp end
        classes[#classes + 1] = line
        over[line][#over[line] + 1] = some[j]
      end
    end
    kp, kn = #over[wp], #over[wn]
    local normal_left = nn
    for _, line in ipairs(classes) do
      if line == wp then
        if normal_left > 0 then run = run + 1 else run = 0 end
      else
        normal_left = normal_left - 1
        run = 0
      end
    end
  elseif overdue > 0 then
    -- Most tickets are overdue: count the classes of the few that are not, and replay the run from the
    -- last overdue normal ticket on (a normal call resets it; the priority calls after it add up).
    known = false
    local tail, mp = redis.call('ZRANGE', since, overdue, -1), 0
    for first = 1, #tail, chunk do
      local scores = redis.call('ZMSCORE', wp, unpack(tail, first, math.min(first + chunk - 1, #tail)))
      for j = 1, #scores do if scores[j] then mp = mp + 1 end end
    end
    kp = np - mp
    kn = overdue - kp
    local trailing, normal_seen, last = 0, false, overdue - 1
    while last >= 0 and not normal_seen do
      local some = redis.call('ZRANGE', since, math.max(last - chunk + 1, 0), last)
      local scores = redis.call('ZMSCORE', wp, unpack(some))
      for j = #some, 1, -1 do
        if not scores[j] then normal_seen = true; break end
        trailing = trailing + 1
      end
      last = last - #some
    end
    if nn - kn == 0 then run = 0 elseif normal_seen then run = trailing else run = run + trailing end
  end
  np, nn = np - kp, nn - kn

  local done = math.max(offset - overdue, 0)
  local want = math.min(count - #ids, np + nn - done)
  if want <= 0 then return ids end
  local pi = class_places_before('priority', done + 1, np, nn, run, limit)
  local ni = done - pi

  -- Which line each place of the page takes, straight from place_of.
  local lines, cp, cn = {}, 0, 0
  for k = done + 1, done + want do
    if pi + cp < np and place_of('priority', pi + cp + 1, np, nn, run, limit) == k then
      cp = cp + 1
      lines[#lines + 1] = wp
    else
      cn = cn + 1
      lines[#lines + 1] = wn
    end
  end

  -- The i-th (0-based) ticket of a line that is not overdue, and the n after it, by the cheapest of
  -- three ways (a Redis call costs about as much as visiting a few ids): skip the overdue ones by
  -- their ranks, scan the line up to the page, or sort the few tickets not overdue.
  local function take(line, i, n)
    if n == 0 then return {} end
    local skipped = over[line]
    local k = kn
    if line == wp then k = kp end
    if k == 0 then return redis.call('ZRANGE', line, i, i + n - 1) end
    local rest = np + nn
    local by_rank, by_scan, by_sort = 8 * k, i + n + k, 2 * rest
    -- Without the overdue ids (most tickets overdue) ranks are not an option.
    if not known then by_rank = by_scan + by_sort + 1 end
    if by_sort < by_rank and by_sort < by_scan then
      local tail, mine = redis.call('ZRANGE', since, overdue, -1), {}
      for first = 1, #tail, chunk do
        local some = { unpack(tail, first, math.min(first + chunk - 1, #tail)) }
        local scores = redis.call('ZMSCORE', line, unpack(some))
        for j = 1, #some do
          if scores[j] then mine[#mine + 1] = { tonumber(scores[j]), some[j] } end
        end
      end
      table.sort(mine, function(a, b) return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2]) end)
      local out = {}
      for j = i + 1, math.min(i + n, #mine) do out[#out + 1] = mine[j][2] end
      return out
    end
    local out = {}
    if by_rank <= by_scan then
      local ranks, at = {}, {}
      for _, id in ipairs(skipped) do
        local r = redis.call('ZRANK', line, id)
        if r then ranks[#ranks + 1] = r; at[r] = true end
      end
      table.sort(ranks)
      local r = i
      for _, s in ipairs(ranks) do
        if s <= r then r = r + 1 else break end
      end
      while #out < n do
        local some = redis.call('ZRANGE', line, r, r + (n - #out) - 1)
        if #some == 0 then break end
        for j, id in ipairs(some) do
          if not at[r + j - 1] and #out < n then out[#out + 1] = id end
        end
        r = r + #some
      end
      return out
    end
    local seen, r = 0, 0
    while #out < n do
      local some = redis.call('ZRANGE', line, r, r + chunk - 1)
      if #some == 0 then break end
      local starts = redis.call('ZMSCORE', since, unpack(some))
      for j = 1, #some do
        local started = tonumber(starts[j])
        if not started or started >= cutoff then
          if seen >= i and #out < n then out[#out + 1] = some[j] end
          seen = seen + 1
        end
      end
      r = r + #some
    end
    return out
  end

  local from = { [wp] = take(wp, pi, cp), [wn] = take(wn, ni, cn) }
  local at = { [wp] = 0, [wn] = 0 }
  for _, line in ipairs(lines) do
    at[line] = at[line] + 1
    ids[#ids + 1] = from[line][at[line]]
  end
  return ids
end

local function place_of_ticket(t, def)
  if t.state ~= 'waiting' then return 0 end
  local rank = redis.call('ZRANK', line_key(t.branch, t.queue, t.prio), t.id)
  if not rank then return 0 end
  local np = redis.call('ZCARD', qkey(t.branch, t.queue, 'wp'))
  local nn = redis.call('ZCARD', qkey(t.branch, t.queue, 'wn'))
  return place_of(t.prio, rank + 1, np, nn, num(def.run, 0), num(def.prun, 1))
end

local function active_attendants(branch, code)
  local k = qkey(branch, code, 'att')
  redis.call('ZREMRANGEBYSCORE', k, '-inf', '(' .. (NOW - ACTIVE_WINDOW_MS))
  local n = redis.call('ZCARD', k)
  if n < 1 then return 1 end
  return n
end

-- What an estimate needs of a queue: its recent average and fastest service time and its active
-- attendants. Within one script run these do not change unless the run itself serves a ticket, so
-- a run that enqueues many tickets reads them once (enqueue_batch.lua).
local function service_rates(branch, code)
  local samples = redis.call('LRANGE', qkey(branch, code, 'svc'), 0, -1)
  local avg, fastest = DEFAULT_SERVICE_MS, DEFAULT_SERVICE_MS
  if #samples > 0 then
    local sum = 0
    fastest = tonumber(samples[1])
    for _, s in ipairs(samples) do
      local v = tonumber(s)
      sum = sum + v
      if v < fastest then fastest = v end
    end
    avg = sum / #samples
  end
  return { avg = avg, fastest = fastest, att = active_attendants(branch, code) }
end

-- Recent average (and fastest) service time x tickets ahead / attendants active on the queue.
local function estimate_from(rates, ahead)
  return {
    expected = tostring(math.floor(rates.avg * ahead / rates.att)),
    optimistic = tostring(math.floor(rates.fastest * ahead / rates.att)),
    ahead = tostring(ahead),
  }
end

local function estimate(branch, code, ahead)
  return estimate_from(service_rates(branch, code), ahead)
end

local function touch_attendant(branch, code, attendant)
  if attendant and attendant ~= '' then redis.call('ZADD', qkey(branch, code, 'att'), NOW, attendant) end
end

local function leave_line(t)
  redis.call('ZREM', line_key(t.branch, t.queue, t.prio), t.id)
  redis.call('ZREM', qkey(t.branch, t.queue, 'since'), t.id)
end

-- Frees the attendant and desk holding a called or serving ticket. An attendant is one person
-- across branches; a desk belongs to its branch (desk 1 exists in every office).
local function release(t)
  if t.att and t.att ~= '' and redis.call('GET', key('a', t.att)) == t.id then redis.call('DEL', key('a', t.att)) end
  local dk = bkey(t.branch, 'd', t.desk or '')
  if t.desk and t.desk ~= '' and redis.call('GET', dk) == t.id then redis.call('DEL', dk) end
  redis.call('SREM', qkey(t.branch, t.queue, 'active'), t.id)
end

local function save(t, fields)
  local flat = {}
  for k, v in pairs(fields) do
    t[k] = v
    flat[#flat + 1] = k
    flat[#flat + 1] = v
  end
  redis.call('HSET', tkey(t.id), unpack(flat))
end

-- A finished ticket (and its request id) is kept for a while for lookups, then forgotten.
local function finish(t)
  redis.call('EXPIRE', tkey(t.id), RETENTION_S)
  redis.call('EXPIRE', key('req', t.rid), RETENTION_S)
  -- The ticket no longer counts among its customer's open tickets.
  local cidx = redis.call('GET', key('tc', t.id))
  if cidx then
    redis.call('SREM', key('cust', cidx), t.id)
    redis.call('DEL', key('tc', t.id))
  end
  -- The ticket page's token stops working: neither the lookup key nor the hash field is left behind.
  if t.holder and t.holder ~= '' then
    if redis.call('GET', key('h', t.holder)) == t.id then redis.call('DEL', key('h', t.holder)) end
    redis.call('HDEL', tkey(t.id), 'holder')
    t.holder = nil
  end
end

local function load_ticket(id)
  local t = hash(tkey(id))
  if not t or not t.id then return nil end
  return t
end

local function not_state(t, ...)
  for _, s in ipairs({...}) do if t.state == s then return false end end
  return true
end

local function state_error(t, expected)
  return fail('FAILED_PRECONDITION', 'ticket_not_' .. expected, 'ticket ' .. t.id .. ' is ' .. t.state .. ', not ' .. expected)
end

local function holder_error(t, attendant)
  if t.att ~= attendant then
    return fail('FAILED_PRECONDITION', 'not_holder', 'ticket ' .. t.id .. ' is held by another attendant')
  end
  return nil
end

-- Takes a waiting ticket out of the line and gives it to the attendant at the desk.
local function call(t, attendant, desk)
  leave_line(t)
  local fields = { state = 'called', att = attendant, desk = desk, last_call = NOW_S }
  if not t.called or t.called == '' then fields.called = NOW_S end
  save(t, fields)
  redis.call('SET', key('a', attendant), t.id)
  redis.call('SET', bkey(t.branch, 'd', desk), t.id)
  redis.call('SADD', qkey(t.branch, t.queue, 'active'), t.id)
  touch_attendant(t.branch, t.queue, attendant)
end

local function busy_error(branch, attendant, desk)
  local held = redis.call('GET', key('a', attendant))
  if held then return fail('FAILED_PRECONDITION', 'attendant_busy', 'attendant already holds ticket ' .. held) end
  held = redis.call('GET', bkey(branch, 'd', desk))
  if held then return fail('FAILED_PRECONDITION', 'desk_busy', 'desk already holds ticket ' .. held) end
  return nil
end

-- Presence (issue 18): one hash per attendant (attendants are unique across the chain), a set of the
-- signed-in per branch, and the attendant signed into each desk of a branch.
local function prkey(attendant) return key('pr', attendant) end

local function split(list)
  local out = {}
  for part in string.gmatch(list or '', '[^,]+') do out[#out + 1] = part end
  return out
end

-- The presence as answers and events carry it: the hash, the queues as a list, and the ticket held now.
local function presence_view(p, state)
  return {
    att = p.att, branch = p.branch or '', desk = p.desk, queues = split(p.queues), state = state or p.state,
    reason = p.reason or '', since = p.since, signed_in = p.signed_in, ticket = redis.call('GET', key('a', p.att)) or '',
  }
end

-- Checked by call_next and call_ticket in their own run, so a pause or sign-out racing a call is one or the
-- other. An attendant who never signed in has no hash and may call (clients from before presence).
local function presence_error(attendant)
  local state = redis.call('HGET', prkey(attendant), 'state')
  if state == 'paused' then
    return fail('FAILED_PRECONDITION', 'attendant_paused', 'the attendant is paused; unpause to call')
  end
  if state == 'signed_out' then
    return fail('FAILED_PRECONDITION', 'not_signed_in', 'the attendant signed out; sign in to call')
  end
  return nil
end

local function signed_in(p) return p and p.state ~= 'signed_out' end

-- Script body follows.
