-- Takes one permit from each of several fixed-window counters, atomically: KEYS[i] is a window's key,
-- ARGV[i] that window's length in ms. Returns the permits used in each window, this one included.
-- One call decides for every request waiting at the time, so the decision stays exact across instances
-- and costs one round trip per burst rather than per request.
local used = {}
for i = 1, #KEYS do
  used[i] = redis.call('INCR', KEYS[i])
  if used[i] == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[i])
  end
end
return used
