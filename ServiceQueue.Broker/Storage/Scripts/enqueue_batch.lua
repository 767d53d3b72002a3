-- ARGV[8] the number of requests n, then n groups of 13 arguments, each in enqueue.lua's order
-- (ARGV[9..21] the first request, ARGV[22..34] the second, ...). Each request succeeds or fails on
-- its own, in order, so a request id repeated in the batch finds the ticket its first copy made.
-- Answers { ok = 1, items = [ reply or error, ... ] } in the requests' order; one doorbell for all.
local n = tonumber(ARGV[8])
local seen = {}
local items = {}
local last = nil
for k = 1, n do
  local reply, cursor = enqueue_one(enqueue_args(9 + (k - 1) * 13), seen)
  if reply.err == nil then reply.ok = 1 end
  items[k] = reply
  if cursor then last = cursor end
end
if last then redis.call('PUBLISH', key('ev', 'bell'), last) end
return cjson.encode({ ok = 1, items = items })
