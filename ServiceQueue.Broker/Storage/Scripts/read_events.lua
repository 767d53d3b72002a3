-- ARGV[8] after (cursor), [9] most events to return. Answers the last cursor issued, the oldest
-- retained one (so the caller can tell a cursor older than the retention) and the events after
-- `after`, each the JSON its mutation stored.
local last = redis.call('GET', key('ev', 'seq')) or '0'
local first = '0'
local head = redis.call('XRANGE', key('ev'), '-', '+', 'COUNT', 1)
if #head > 0 then first = string.sub(head[1][1], 3) end
local out = {}
if tonumber(ARGV[9]) > 0 then
  local entries = redis.call('XRANGE', key('ev'), '(0-' .. ARGV[8], '+', 'COUNT', ARGV[9])
  for i, entry in ipairs(entries) do out[i] = entry[2][2] end
end
return '{"ok":1,"last":' .. last .. ',"first":' .. first .. ',"events":[' .. table.concat(out, ',') .. ']}'
