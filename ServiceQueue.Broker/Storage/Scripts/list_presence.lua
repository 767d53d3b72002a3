-- ARGV[8] branch ('' = the default): the attendants signed in to it.
local branch = ARGV[8] or ''
local list = {}
for _, attendant in ipairs(redis.call('SMEMBERS', bkey(branch, 'present'))) do
  local p = hash(prkey(attendant))
  if p then list[#list + 1] = presence_view(p) end
end
if #list == 0 then return ok({}) end
return ok({ present = list })
