-- ARGV[8] branch ('' = the default): only that branch's queues, so no call scans the chain.
local branch = ARGV[8] or ''
local list = {}
for _, code in ipairs(redis.call('SMEMBERS', bkey(branch, 'queues'))) do
  local def = hash(qkey(branch, code, 'def'))
  if def then
    list[#list + 1] = {
      def = def,
      waiting = tostring(redis.call('ZCARD', qkey(branch, code, 'wp')) + redis.call('ZCARD', qkey(branch, code, 'wn'))),
      active = tostring(redis.call('SCARD', qkey(branch, code, 'active'))),
      parked = tostring(redis.call('ZCARD', qkey(branch, code, 'parked'))),
      served_hour = tostring(redis.call('ZCOUNT', qkey(branch, code, 'done'), tostring(NOW - HOUR_MS), '+inf')),
    }
    -- The longest wait: the first entry of the wait-start index the maximum-wait rule keeps.
    local oldest = redis.call('ZRANGE', qkey(branch, code, 'since'), 0, 0, 'WITHSCORES')
    if #oldest == 2 then list[#list].oldest_since = oldest[2] end
    -- What Enqueue would quote a normal ticket taken now: the place after the last normal ticket.
    local np = redis.call('ZCARD', qkey(branch, code, 'wp'))
    local nn = redis.call('ZCARD', qkey(branch, code, 'wn'))
    local place = place_of('normal', nn + 1, np, nn + 1, num(def.run, 0), num(def.prun, 1))
    list[#list].estimate = estimate(branch, code, place - 1)
  end
end
if #list == 0 then return ok({}) end
return ok({ queues = list })
