-- Takes permits from a sliding window's budget, atomically: at most the limit counted at any time, each
-- permit counted from its grant until one window after the latest time it may be spent.
-- KEYS[1] hash: 'used' (permits counted: spent within the last window, or leased and not yet settled),
-- 'seq' (record ids), 'refused' (set at the first final refusal since the last grant),
-- 'l:<instance>' = '<leased>:<expiry ms>' (an instance's unsettled lease; its permits count as spent at
-- its expiry, the latest they may be spent).
-- KEYS[2] sorted set of settled permits: member '<id>' (one) or '<id>:<n>' (n), score the latest time
-- they may have been spent (ms); they count until score + window.
-- ARGV: limit, wanted (1: one permit), instance id, lease expiry (ms), window (ms), now (ms), grace (ms:
-- how long past its expiry an unsettled lease still counts as coming back), spent now (1: the first
-- permit granted is spent at once), unspent (of this instance's lease: carried to the new expiry when a
-- lease is granted; given back if the lease has expired).
-- Returns {granted, used, frees at} when something was granted (frees at: when the oldest counted permit
-- leaves the window), else {0, used, leased by other live instances, latest expiry of their leases, 1 if
-- this is the first final refusal since the last grant (nothing leased elsewhere to wait for), frees at
-- (when enough counted permits have left the window for one more)}.
local hash, log = KEYS[1], KEYS[2]
local limit, wanted, me = tonumber(ARGV[1]), tonumber(ARGV[2]), 'l:' .. ARGV[3]
local expires, window, now, grace = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local spentNow, unspent = tonumber(ARGV[8]), tonumber(ARGV[9])
local cutoff = now - window

local function count(member)
  return tonumber(string.match(member, ':(%d+)$') or '1')
end

local function record(n, stamp)
  if n > 0 then
    local id = redis.call('HINCRBY', hash, 'seq', 1)
    redis.call('ZADD', log, stamp, n == 1 and id or (id .. ':' .. n))
  end
end

local function leases()
  local found, fields = {}, redis.call('HGETALL', hash)
  for i = 1, #fields, 2 do
    if string.sub(fields[i], 1, 2) == 'l:' then
      local n, e = string.match(fields[i + 1], '^(%d+):(%d+)$')
      found[#found + 1] = {fields[i], tonumber(n), tonumber(e)}
    end
  end
  return found
end

-- when `need` of the counted permits have left the window: settled ones first, leases at their expiry
local function freesAt(need)
  local stamps = {}
  local members = redis.call('ZRANGE', log, 0, need - 1, 'WITHSCORES')
  for i = 1, #members, 2 do
    stamps[#stamps + 1] = {tonumber(members[i + 1]), count(members[i])}
  end
  for _, lease in ipairs(leases()) do
    stamps[#stamps + 1] = {lease[3], lease[2]}
  end
  table.sort(stamps, function(a, b) return a[1] < b[1] end)
  local freed = 0
  for _, stamp in ipairs(stamps) do
    freed = freed + stamp[2]
    if freed >= need then
      return stamp[1] + window
    end
  end
  return now + window
end

local used = tonumber(redis.call('HGET', hash, 'used') or '0')
local gone = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff)
for _, member in ipairs(gone) do
  used = used - count(member)
end
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', log, '-inf', cutoff)
end
local mine, mineExpiry = 0, 0
local holders, leased, latest, horizon = 0, 0, 0, math.max(now, expires)
for _, lease in ipairs(leases()) do
  local field, n, e = lease[1], lease[2], lease[3]
  if e <= cutoff then
    -- every permit of it left the window (its holder is gone)
    redis.call('HDEL', hash, field)
    used = used - n
  elseif field == me then
    mine, mineExpiry = n, e
  else
    horizon = math.max(horizon, e)
    if e + grace >= now then
      holders, leased = holders + 1, leased + n
      if e > latest then latest = e end
    end
  end
end
if mine > 0 and mineExpiry < now then
  -- this instance's lease expired: its unspent permits come back, the others were spent by its expiry
  local back = math.min(unspent, mine)
  used = used - back
  record(mine - back, mineExpiry)
  redis.call('HDEL', hash, me)
  mine = 0
end
redis.call('HSET', hash, 'used', used)
horizon = math.max(horizon, mineExpiry)

-- both keys live until every permit counted in them has left the window
local function keep()
  redis.call('PEXPIRE', hash, horizon + window - now)
  redis.call('PEXPIRE', log, horizon + window - now)
end

local remaining = limit - used
if remaining <= 0 then
  local first = 0
  if leased == 0 then
    first = redis.call('HSETNX', hash, 'refused', 1)
  end
  keep()
  return {0, used, leased, latest, first, freesAt(used - limit + 1)}
end
local granted = 1
if wanted > 1 then
  -- at most half of what is left, shared by the instances holding leases (see lease-permits.lua)
  granted = math.min(wanted, math.floor(remaining / (2 * (holders + 1))))
  if granted < 2 then granted = 1 end
end
used = used + granted
redis.call('HSET', hash, 'used', used)
redis.call('HDEL', hash, 'refused')
record(math.min(spentNow, granted), now)
local lease = granted - math.min(spentNow, granted)
if lease > 0 then
  -- the unspent permits of this instance's lease move to the new expiry; the rest were spent by the old
  local carried = math.min(unspent, mine)
  record(mine - carried, mineExpiry)
  redis.call('HSET', hash, me, (carried + lease) .. ':' .. expires)
end
keep()
return {granted, used, freesAt(1)}
