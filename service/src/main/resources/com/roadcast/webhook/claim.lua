-- KEYS: due, deliveries; ARGV: now (ms), lease end (ms), most to claim
-- Moves each due delivery's score to the lease end: no other instance sees it due until then.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for _, id in ipairs(ids) do
  local delivery = redis.call('HGET', KEYS[2], id)
  if delivery then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    table.insert(claimed, delivery)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return claimed
