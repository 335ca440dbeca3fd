-- KEYS: webhooks, episodes of the webhook, deliveries, due, recent of the webhook
-- ARGV: webhook id, node id, event id, delivery JSON, due (ms), deliveries kept per webhook
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3]) == 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[3])
redis.call('LPUSH', KEYS[5], ARGV[3])
while redis.call('LLEN', KEYS[5]) > tonumber(ARGV[6]) do
  local old = redis.call('RPOP', KEYS[5])
  redis.call('HDEL', KEYS[3], old)
  redis.call('ZREM', KEYS[4], old)
end
return 1
