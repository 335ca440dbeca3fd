-- KEYS: webhooks, recent of the webhook, deliveries, due, episodes of the webhook; ARGV: webhook id
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[4], id)
end
redis.call('DEL', KEYS[2], KEYS[5])
return 1
