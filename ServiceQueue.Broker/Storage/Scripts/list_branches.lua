-- The branches other than the default that have queues (upsert_queue.lua registers each), sorted.
local list = redis.call('SMEMBERS', key('branches'))
if #list == 0 then return ok({}) end
table.sort(list)
return ok({ branches = list })
