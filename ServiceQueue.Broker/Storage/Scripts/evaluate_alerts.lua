-- ARGV[8] branch ('' = the default). One tick of the alert rules (issue 18) for every queue of the branch.
-- Redis runs one script at a time, so however many Broker replicas tick, each condition start raises one alert.
-- Cost per queue: a few O(1) or O(log n) reads whatever the queue's length (the longest wait is the head of
-- the `since` set), plus one HMGET per ticket being called or served; the branch's presence is read once.
local branch = ARGV[8] or ''
local last_key = bkey(branch, 'al', 'at')
-- Replicas' clocks differ a little: a tick from behind the last one would see a wait shorter than the one
-- that raised an alert and clear it, then the next tick would raise it again. Such a tick changes nothing.
if NOW < num(redis.call('GET', last_key), 0) then return ok({ skipped = '1' }) end
redis.call('SET', last_key, NOW_S)

local index = bkey(branch, 'alerts')
local active = hash(index) or {}
local seen = {}
local raised, updated, cleared = 0, 0, 0

local function alert_key(id) return key('al', id) end

local function clear(id, field)
  redis.call('HDEL', index, field)
  local k = alert_key(id)
  local a = hash(k)
  if not a then return end
  redis.call('HSET', k, 'active', '0', 'cleared', NOW_S)
  -- Kept a while so a late acknowledgement learns it was cleared rather than unknown.
  redis.call('EXPIRE', k, RETENTION_S)
  a.active, a.cleared = '0', NOW_S
  emit('alert_cleared', a.branch, a.queue, nil, { alert = a })
  cleared = cleared + 1
end

-- Raises, updates or clears the alert of one rule of one queue. An update is emitted only when a person would
-- notice the change (`minutes`: the value is seconds and crossed another whole minute; otherwise any change),
-- so a condition that lasts does not flood the stream.
local function settle(code, kind, on, value, threshold, minutes)
  local field = code .. ':' .. kind
  seen[field] = true
  local id = active[field]
  if not on then
    if id then clear(id, field) end
    return
  end
  local v, th = tostring(value), tostring(threshold)
  if not id then
    id = tostring(redis.call('INCR', key('al', 'seq')))
    local a = { id = id, branch = branch, queue = code, kind = kind, active = '1', raised = NOW_S, updated = NOW_S,
      value = v, threshold = th }
    redis.call('HSET', alert_key(id), 'id', id, 'branch', branch, 'queue', code, 'kind', kind, 'active', '1',
      'raised', NOW_S, 'updated', NOW_S, 'value', v, 'threshold', th)
    redis.call('HSET', index, field, id)
    emit('alert_raised', branch, code, nil, { alert = a })
    raised = raised + 1
    return
  end
  local k = alert_key(id)
  local a = hash(k)
  if not a then
    -- The alert's hash is gone (flushed by hand): forget the index entry; the next tick raises afresh.
    redis.call('HDEL', index, field)
    return
  end
  local old = num(a.value, 0)
  local noticed = old ~= value
  if minutes then noticed = math.floor(old / 60) ~= math.floor(value / 60) end
  if not noticed and a.threshold == th then return end
  redis.call('HSET', k, 'value', v, 'threshold', th, 'updated', NOW_S)
  a.value, a.threshold, a.updated = v, th, NOW_S
  emit('alert_updated', branch, code, nil, { alert = a })
  updated = updated + 1
end

-- The queues someone can take a ticket from now: a signed-in, unpaused attendant's work profile.
local staffed = {}
for _, attendant in ipairs(redis.call('SMEMBERS', bkey(branch, 'present'))) do
  local p = redis.call('HMGET', prkey(attendant), 'state', 'queues', 'branch')
  if p[1] == 'available' and (p[3] or '') == branch then
    for _, code in ipairs(split(p[2])) do staffed[code] = true end
  end
end

for _, code in ipairs(redis.call('SMEMBERS', bkey(branch, 'queues'))) do
  local def = hash(qkey(branch, code, 'def'))
  if def then
    local waiting = redis.call('ZCARD', qkey(branch, code, 'wp')) + redis.call('ZCARD', qkey(branch, code, 'wn'))

    local sla = num(def.sla, 0)
    local late, longest = false, 0
    if def.al_sla == '1' and sla > 0 then
      local oldest = redis.call('ZRANGE', qkey(branch, code, 'since'), 0, 0, 'WITHSCORES')
      if #oldest == 2 then
        local wait = NOW - tonumber(oldest[2])
        if wait > sla then late, longest = true, math.floor(wait / 1000) end
      end
    end
    settle(code, 'waiting_past_sla', late, longest, math.floor(sla / 1000), true)

    local over = num(def.al_over, 0)
    settle(code, 'waiting_over', over > 0 and waiting > over, waiting, over, false)

    settle(code, 'no_attendant', def.al_noatt == '1' and waiting > 0 and not staffed[code], waiting, 0, false)

    local limit = num(def.al_svc, 0)
    local slow, served = false, 0
    if limit > 0 then
      for _, id in ipairs(redis.call('SMEMBERS', qkey(branch, code, 'active'))) do
        local t = redis.call('HMGET', tkey(id), 'state', 'serving')
        if t[1] == 'serving' and t[2] then
          local took = NOW - tonumber(t[2])
          if took > limit then
            slow = true
            served = math.max(served, math.floor(took / 1000))
          end
        end
      end
    end
    settle(code, 'service_over', slow, served, math.floor(limit / 1000), true)
  end
end

-- An alert of a queue that no longer exists ends too.
for field, id in pairs(active) do
  if not seen[field] then clear(id, field) end
end
return ok({ raised = tostring(raised), updated = tostring(updated), cleared = tostring(cleared) })
