-- ARGV[8] code, [9] name, [10] number prefix, [11] open (1/0), [12] max size, [13] priority run,
-- [14] max wait ms, [15] SLA ms, [16] recall limit, [17] recall interval ms, [18] time zone,
-- [19] branch ('' = the default), alert rules (issue 18): [20] waiting past the SLA (1/0), [21] waiting over
-- (count, 0 = off), [22] no attendant (1/0), [23] service over (ms, 0 = off).
local code, branch = ARGV[8], ARGV[19] or ''
local k = qkey(branch, code, 'def')
local fields = {
  code = code, name = ARGV[9], prefix = ARGV[10], open = ARGV[11], max_size = ARGV[12], prun = ARGV[13],
  max_wait = ARGV[14], sla = ARGV[15], recall_limit = ARGV[16], recall_interval = ARGV[17], tz = ARGV[18],
  updated = NOW_S, al_sla = ARGV[20] or '0', al_over = ARGV[21] or '0', al_noatt = ARGV[22] or '0', al_svc = ARGV[23] or '0',
}
-- Absent means the default branch, as in every definition written before branches.
if branch ~= '' then fields.branch = branch end
local flat = {}
for f, v in pairs(fields) do
  flat[#flat + 1] = f
  flat[#flat + 1] = v
end
redis.call('HSET', k, unpack(flat))
if not redis.call('HGET', k, 'run') then redis.call('HSET', k, 'run', '0') end
redis.call('SADD', bkey(branch, 'queues'), code)
-- The registry of branches other than the default, so a reader of every branch (the gauges) never scans keys.
if branch ~= '' then redis.call('SADD', key('branches'), branch) end
local def = hash(k)
local cursor = emit('queue_updated', branch, code, nil, { def = def })
return ok({ def = def, cursor = tostring(cursor) })
