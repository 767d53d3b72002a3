-- ARGV[8] new ticket id, [9] request id, [10] queue, [11] priority class, [12] priority reason,
-- [13] channel, [14] customer envelope (base64), [15] time zone the caller used for [16],
-- [16] the local date in that zone (yyyymmdd), [17] customer blind index (base64, may be empty),
-- [18] most unfinished tickets that customer may hold (0 = no limit), [19] branch ('' = the default),
-- [20] the holder hash of the ticket page's token ('' = none).
local reply, cursor = enqueue_one(enqueue_args(8), {})
if cursor then redis.call('PUBLISH', key('ev', 'bell'), cursor) end
if reply.err then return cjson.encode(reply) end
return ok(reply)
