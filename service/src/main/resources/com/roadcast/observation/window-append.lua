-- Atomically adds steps to the history, drops steps older than the retention (counted back from the newest
-- step) and bumps the revision when the window (the newest ARGV[1] steps) changed.
-- KEYS: history zset, revision counter, last-ingest time.
-- ARGV: capacity, now (ms), mode, retention (seconds), then (epoch second, member) per step.
-- Mode 'append': returns {-1, index} for a step already stored (nothing stored).
-- Mode 'append-known': the same, but returns {-2} when Redis holds no history at all though the caller
-- saw one (Redis restarted empty), so the caller can restore it first.
-- Mode 'restore': steps already there are skipped (an instance re-seeding a Redis that lost its data).
-- Otherwise returns {revision, kept_1, ..., kept_n} (1 when that step is in the window afterwards).
local capacity = tonumber(ARGV[1])
local restore = ARGV[3] == 'restore'
if ARGV[3] == 'append-known' and redis.call('EXISTS', KEYS[2]) == 0 then
  return {-2}
end
local retention = tonumber(ARGV[4])
local n = (#ARGV - 4) / 2
local function score(i) return ARGV[3 + 2 * i] end
local function member(i) return ARGV[4 + 2 * i] end
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
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(newest) - retention))
local result = {0}
local changed = false
for i = 1, n do
  local kept = 0
  if redis.call('ZCOUNT', KEYS[1], score(i), score(i)) > 0
      and redis.call('ZCOUNT', KEYS[1], score(i), '+inf') <= capacity then
    kept = 1
  end
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
