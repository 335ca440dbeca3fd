-- Atomically adds steps to the window, keeps the newest ARGV[1] steps and bumps the revision.
-- KEYS: window zset, revision counter, last-ingest time.
-- ARGV: capacity, now (ms), mode, then (epoch second, member) per step.
-- Mode 'append': returns {-1, index} for a step already in the window (nothing stored).
-- Mode 'append-known': the same, but returns {-2} when Redis holds no window at all though the caller
-- saw one (Redis restarted empty), so the caller can restore it first.
-- Mode 'restore': steps already there are skipped (an instance re-seeding a Redis that lost its data).
-- Otherwise returns {revision, kept_1, ..., kept_n} (1 when that step is in the window afterwards).
local capacity = tonumber(ARGV[1])
local restore = ARGV[3] == 'restore'
if ARGV[3] == 'append-known' and redis.call('EXISTS', KEYS[2]) == 0 then
  return {-2}
end
local n = (#ARGV - 3) / 2
local function score(i) return ARGV[2 + 2 * i] end
local function member(i) return ARGV[3 + 2 * i] end
local present = {}
for i = 1, n do
  present[i] = redis.call('ZCOUNT', KEYS[1], score(i), score(i)) > 0
  if present[i] and not restore then
    return {-1, i - 1}
  end
end
for i = 1, n do
  if not present[i] then
    redis.call('ZADD', KEYS[1], score(i), member(i))
  end
end
local size = redis.call('ZCARD', KEYS[1])
if size > capacity then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - capacity - 1)
end
local result = {0}
local changed = false
for i = 1, n do
  local kept = redis.call('ZCOUNT', KEYS[1], score(i), score(i))
  result[i + 1] = kept
  if kept > 0 and not present[i] then changed = true end
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
