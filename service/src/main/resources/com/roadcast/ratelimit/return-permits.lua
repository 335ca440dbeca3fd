-- Gives back an instance's unspent leased permits: KEYS[1] the window's hash (see lease-permits.lua),
-- ARGV: instance id, unspent permits. Settles the instance's lease. A window already gone stays gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HDEL', KEYS[1], 'l:' .. ARGV[1])
local unspent = tonumber(ARGV[2])
if unspent == 0 then
  return 0
end
return redis.call('HINCRBY', KEYS[1], 'taken', 0 - unspent)
