-- ARGV[8] code, [9] name, [10] number prefix, [11] open (1/0), [12] max size, [13] priority run,
-- [14] max wait ms, [15] SLA ms, [16] recall limit, [17] recall interval ms, [18] time zone.
local code = ARGV[8]
local k = qkey(code, 'def')
local fields = {
  code = code, name = ARGV[9], prefix = ARGV[10], open = ARGV[11], max_size = ARGV[12], prun = ARGV[13],
  max_wait = ARGV[14], sla = ARGV[15], recall_limit = ARGV[16], recall_interval = ARGV[17], tz = ARGV[18],
  updated = NOW_S,
}
local flat = {}
for f, v in pairs(fields) do
  flat[#flat + 1] = f
  flat[#flat + 1] = v
end
redis.call('HSET', k, unpack(flat))
if not redis.call('HGET', k, 'run') then redis.call('HSET', k, 'run', '0') end
redis.call('SADD', key('queues'), code)
local def = hash(k)
local cursor = emit('queue_updated', code, nil, { def = def })
return ok({ def = def, cursor = tostring(cursor) })
