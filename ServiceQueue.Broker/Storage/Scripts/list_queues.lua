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
    }
  end
end
if #list == 0 then return ok({}) end
return ok({ queues = list })
