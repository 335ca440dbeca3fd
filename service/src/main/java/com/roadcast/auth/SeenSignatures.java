package com.roadcast.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * The signatures already accepted, so none is accepted twice. With Redis, shared by every instance (one
 * {@code SET NX EX} per signature, never retried: a retry would find its own first write); each instance
 * also remembers what it accepted, so while Redis is unreachable a signature is still refused a second
 * time on the instance that accepted it (the others cannot know: degraded, as every shared state is).
 * Entries live as long as their signature could still be accepted.
 */
final class SeenSignatures {
    /** In-process entries at most (about 25 MB); 333 signed requests per second for five minutes. */
    static final int LOCAL_MAX = 100_000;
    private final Cache<String, Boolean> local;
    private final Optional<RedisGuard> redis;
    private final String keyPrefix;

    SeenSignatures(Optional<RedisGuard> redis, String keyPrefix, Duration remembered) {
        this.redis = redis;
        this.keyPrefix = keyPrefix + "signature:";
        this.local = Caffeine.newBuilder().expireAfterWrite(remembered).maximumSize(LOCAL_MAX).build();
    }

    /** True the first time {@code id} is seen; later calls within {@code ttl} return false. */
    boolean firstUse(String id, Duration ttl) {
        if (local.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
            return false;
        }
        if (redis.isEmpty()) {
            return true;
        }
        SetParams once = SetParams.setParams().nx().ex(Math.max(1, ttl.toSeconds()));
        try {
            return "OK".equals(redis.get().call(client -> client.set(keyPrefix + id, "1", once), false));
        } catch (RedisUnavailableException e) {
            return true;
        }
    }
}
