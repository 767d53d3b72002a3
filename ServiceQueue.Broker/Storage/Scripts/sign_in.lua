-- ARGV[8] attendant, [9] branch ('' = the default), [10] desk, [11] queues (distinct codes, sorted, comma-joined).
-- Signs in, or changes the profile of one signed in already; either way the attendant is available after it.
local attendant, branch, desk, queues = ARGV[8], ARGV[9] or '', ARGV[10], ARGV[11]
for _, code in ipairs(split(queues)) do
  if redis.call('EXISTS', qkey(branch, code, 'def')) == 0 then
    return fail('FAILED_PRECONDITION', 'unknown_queue', 'queue ' .. code .. ' does not exist')
  end
end
local seat = bkey(branch, 'ds', desk)
local sitting = redis.call('GET', seat)
if sitting and sitting ~= attendant then
  return fail('FAILED_PRECONDITION', 'desk_taken', 'desk ' .. desk .. ' is signed into by another attendant')
end
-- A ticket held keeps its attendant at the desk it was called to until it ends.
local held = redis.call('GET', key('a', attendant))
if held then
  local t = load_ticket(held)
  if t and ((t.branch or '') ~= branch or t.desk ~= desk) then
    return fail('FAILED_PRECONDITION', 'attendant_busy', 'attendant holds ticket ' .. held .. ' at another desk')
  end
end

local pk = prkey(attendant)
local p = hash(pk)
if p and p.branch == branch and p.desk == desk and p.queues == queues and p.state == 'available' then
  return ok({ presence = presence_view(p) })
end
if p and (p.branch ~= branch or p.desk ~= desk) then
  local left = bkey(p.branch, 'ds', p.desk)
  if redis.call('GET', left) == attendant then redis.call('DEL', left) end
  redis.call('SREM', bkey(p.branch, 'present'), attendant)
end
local fields = { 'att', attendant, 'branch', branch, 'desk', desk, 'queues', queues, 'state', 'available', 'reason', '' }
if not signed_in(p) then
  for _, v in ipairs({ 'signed_in', NOW_S, 'since', NOW_S }) do fields[#fields + 1] = v end
elseif p.state ~= 'available' then
  for _, v in ipairs({ 'since', NOW_S }) do fields[#fields + 1] = v end
end
redis.call('HSET', pk, unpack(fields))
redis.call('SET', seat, attendant)
redis.call('SADD', bkey(branch, 'present'), attendant)
local view = presence_view(hash(pk))
emit('presence_changed', branch, '', nil, { actor = attendant, presence = view })
return ok({ presence = view })
