-- Reads the window (the newest ARGV[2] steps of the history) unless the caller already holds its current
-- revision. KEYS: history zset, revision counter, last-ingest time. ARGV: the revision held, capacity.
-- Returns {revision, last_ingest_ms} when unchanged, else {revision, last_ingest_ms, member...} oldest first.
local revision = redis.call('GET', KEYS[2]) or '0'
local ingest = redis.call('GET', KEYS[3]) or '0'
if revision == ARGV[1] then
  return {revision, ingest}
end
local result = {revision, ingest}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], -tonumber(ARGV[2]), -1)) do
  result[#result + 1] = member
end
return result
