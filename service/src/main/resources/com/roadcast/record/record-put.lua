-- Keeps one forecast record and drops those older than the retention, counted back from the newest.
-- KEYS: records hash (field: window time in epoch seconds), times zset. ARGV: time, record bytes, retention (s).
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
local newest = tonumber(redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')[2])
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. (newest - tonumber(ARGV[3])))
if #old > 0 then
  redis.call('HDEL', KEYS[1], unpack(old))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (newest - tonumber(ARGV[3])))
end
return #old
