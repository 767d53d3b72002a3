-- No script-specific arguments.
local list = {}
for _, code in ipairs(redis.call('SMEMBERS', key('queues'))) do
  local def = hash(qkey(code, 'def'))
  if def then
    list[#list + 1] = {
      def = def,
      waiting = tostring(redis.call('ZCARD', qkey(code, 'wp')) + redis.call('ZCARD', qkey(code, 'wn'))),
      active = tostring(redis.call('SCARD', qkey(code, 'active'))),
      parked = tostring(redis.call('ZCARD', qkey(code, 'parked'))),
    }
  end
end
if #list == 0 then return ok({}) end
return ok({ queues = list })
