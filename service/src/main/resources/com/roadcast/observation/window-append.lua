-- Atomically adds steps to the window, keeps the newest ARGV[1] steps and bumps the revision.
-- KEYS: window zset, revision counter, last-ingest time.
-- ARGV: capacity, now (ms), then (epoch second, member) per step.
-- Returns {-1, index} for a step already in the window (nothing stored),
-- else {revision, kept_1, ..., kept_n} (1 when that step is in the window afterwards).
local capacity = tonumber(ARGV[1])
local n = (#ARGV - 2) / 2
for i = 1, n do
  local score = ARGV[1 + 2 * i]
  if redis.call('ZCOUNT', KEYS[1], score, score) > 0 then
    return {-1, i - 1}
  end
end
for i = 1, n do
  redis.call('ZADD', KEYS[1], ARGV[1 + 2 * i], ARGV[2 + 2 * i])
end
local size = redis.call('ZCARD', KEYS[1])
if size > capacity then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - capacity - 1)
end
local result = {0}
local changed = false
for i = 1, n do
  local score = ARGV[1 + 2 * i]
  local kept = redis.call('ZCOUNT', KEYS[1], score, score)
  result[i + 1] = kept
  if kept > 0 then changed = true end
end
-- A Redis that lost its data starts the revision at now * 1000, above any revision it handed out before,
-- so no instance can mistake a new window for one it cached.
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[2] .. '000')
end
if changed then
  result[1] = redis.call('INCR', KEYS[2])
else
  result[1] = tonumber(redis.call('GET', KEYS[2]))
end
redis.call('SET', KEYS[3], ARGV[2])
return result
