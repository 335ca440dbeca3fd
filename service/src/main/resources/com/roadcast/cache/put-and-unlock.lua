-- Stores a computed answer with its time to live and releases the computing lock, in one round trip, and
-- keeps the shared level within its byte budget: the oldest answers are dropped first.
-- KEYS: the answer, the lock, the budget's index (zset: answer key by store time, ms), its sizes (hash:
-- answer key -> bytes), its total (bytes). ARGV: the answer, its time to live in ms, now in ms, the budget.
-- Returns how many answers were dropped for the budget.
local now = tonumber(ARGV[3])
local function forget(key)
  local size = tonumber(redis.call('HGET', KEYS[4], key) or '0')
  redis.call('HDEL', KEYS[4], key)
  redis.call('ZREM', KEYS[3], key)
  redis.call('DECRBY', KEYS[5], size)
end
-- answers stored longer ago than their time to live have expired by themselves: stop counting them
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))) do
  forget(key)
end
if redis.call('HEXISTS', KEYS[4], KEYS[1]) == 1 then
  forget(KEYS[1])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
redis.call('ZADD', KEYS[3], now, KEYS[1])
redis.call('HSET', KEYS[4], KEYS[1], #ARGV[1])
local total = redis.call('INCRBY', KEYS[5], #ARGV[1])
local dropped = 0
while total > tonumber(ARGV[4]) do
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  if not oldest or oldest == KEYS[1] then break end
  forget(oldest)
  redis.call('DEL', oldest)
  dropped = dropped + 1
  total = tonumber(redis.call('GET', KEYS[5]))
end
return dropped
