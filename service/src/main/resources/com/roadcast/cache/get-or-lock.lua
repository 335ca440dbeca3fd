-- One round trip for a miss in the process level: the shared answer if there is one; otherwise take the
-- computing lock if it is free. KEYS: the answer, the lock. ARGV: the lock's time to live in ms.
-- Returns {1, answer}, {0, 'mine'} (compute it) or {0, 'theirs'} (another instance is computing it).
local answer = redis.call('GET', KEYS[1])
if answer then
  return {1, answer}
end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
  return {0, 'mine'}
end
return {0, 'theirs'}
