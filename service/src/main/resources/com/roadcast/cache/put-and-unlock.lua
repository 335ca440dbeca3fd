-- Stores a computed answer with its time to live and releases the computing lock, in one round trip.
-- KEYS: the answer, the lock. ARGV: the answer, its time to live in ms.
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
return 1
