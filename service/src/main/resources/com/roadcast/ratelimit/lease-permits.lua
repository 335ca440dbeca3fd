-- Takes permits from a fixed window's budget, atomically, so the total handed out never exceeds it.
-- KEYS[1] the window's hash: 'taken' (permits spent or leased), 'refused' (set at the first refusal),
-- 'l:<instance>' = '<leased>:<expires ms>' (permits leased to an instance and not yet settled, a hint).
-- ARGV: limit, wanted (1: one permit, spent now), instance id, lease expiry (ms), window (ms), now (ms),
-- grace (ms: how long past its expiry an unsettled lease still counts as coming back).
-- Returns {granted, taken} when something was granted (the first permit is spent by the caller, the rest
-- are its lease), else {0, taken, leased by other live instances, latest expiry of their leases, 1 if this
-- is the window's first final refusal (nothing leased elsewhere to wait for)}.
local key = KEYS[1]
local limit, wanted, me = tonumber(ARGV[1]), tonumber(ARGV[2]), 'l:' .. ARGV[3]
local expires, window, now, grace = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])

local function others()
  local fields = redis.call('HGETALL', key)
  local count, leased, latest = 0, 0, 0
  for i = 1, #fields, 2 do
    local field = fields[i]
    if string.sub(field, 1, 2) == 'l:' and field ~= me then
      local n, e = string.match(fields[i + 1], '^(%d+):(%d+)$')
      n, e = tonumber(n), tonumber(e)
      if e + grace >= now then
        count, leased = count + 1, leased + n
        if e > latest then latest = e end
      end
    end
  end
  return count, leased, latest
end

local taken = tonumber(redis.call('HGET', key, 'taken') or '0')
local remaining = limit - taken
if remaining <= 0 then
  local _, leased, latest = others()
  local first = 0
  if leased == 0 then
    first = redis.call('HSETNX', key, 'refused', 1)
  end
  return {0, taken, leased, latest, first}
end
local granted = 1
if wanted > 1 then
  -- at most half of what is left, shared by the instances holding leases, so leasing stops well
  -- before the budget runs out and what other instances may strand stays small
  local holders = others() + 1
  granted = math.min(wanted, math.floor(remaining / (2 * holders)))
  if granted < 2 then granted = 1 end
end
taken = redis.call('HINCRBY', key, 'taken', granted)
if taken == granted then
  redis.call('PEXPIRE', key, window)
end
if granted > 1 then
  local held = redis.call('HGET', key, me)
  local n = held and tonumber(string.match(held, '^(%d+):')) or 0
  redis.call('HSET', key, me, (n + granted - 1) .. ':' .. expires)
end
return {granted, taken}
