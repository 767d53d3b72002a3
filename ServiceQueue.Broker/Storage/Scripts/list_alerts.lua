-- ARGV[8] branch ('' = the default): its active alerts, from the index the evaluator keeps (no key scan).
local list = {}
for _, id in ipairs(redis.call('HVALS', bkey(ARGV[8] or '', 'alerts'))) do
  local a = hash(key('al', id))
  if a then list[#list + 1] = a end
end
if #list == 0 then return ok({}) end
return ok({ alerts = list })
