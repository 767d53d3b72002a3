-- ARGV[8] branch ('' = the default), [9] codes (distinct, sorted, comma-joined; '' = none allowed).
-- Kept as ",a,b," so pause.lua checks a code with one plain find; the key's absence means no list was ever set.
local branch, codes = ARGV[8] or '', ARGV[9] or ''
local k = bkey(branch, 'pause_reasons')
if codes == '' then redis.call('SET', k, ',') else redis.call('SET', k, ',' .. codes .. ',') end
-- No event: the list is configuration, and the Api's reconciler pushes it again at every start.
return ok({})
