-- Takes one permit from a fixed-window counter: KEYS[1] the window's key, ARGV[1] the window in ms.
-- Returns the permits used in this window, this one included. Atomic, so exact across instances.
local used = redis.call('INCR', KEYS[1])
if used == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return used
