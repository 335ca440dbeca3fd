-- Settles an instance's lease on a sliding window (see sliding-lease.lua): its unspent permits no longer
-- count, the others stay counted as spent at the lease's expiry. KEYS as sliding-lease.lua; ARGV:
-- instance id, unspent permits. Returns the permits counted after it (0 when there was no lease).
local field = 'l:' .. ARGV[1]
local held = redis.call('HGET', KEYS[1], field)
if not held then
  return 0
end
local n, e = string.match(held, '^(%d+):(%d+)$')
n, e = tonumber(n), tonumber(e)
local back = math.min(tonumber(ARGV[2]), n)
redis.call('HDEL', KEYS[1], field)
if n > back then
  local id = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  redis.call('ZADD', KEYS[2], e, n - back == 1 and id or (id .. ':' .. (n - back)))
  redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
end
return redis.call('HINCRBY', KEYS[1], 'used', 0 - back)
