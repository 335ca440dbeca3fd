package com.roadcast.ratelimit;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Counters in Redis, shared by every instance: one script call per decision. While Redis is unreachable
 * it decides with in-process counters when {@code failOpen}, else it refuses (the caller answers 503).
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final RedisScript TAKE = RedisScript.load(RedisRateLimiter.class, "take-permit.lua");
    private final RedisGuard redis;
    private final String prefix;
    private final RateLimiter fallback;
    private final boolean failOpen;
    private final Clock clock;

    public RedisRateLimiter(RedisGuard redis, String keyPrefix, RateLimiter fallback, boolean failOpen, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "rl:";
        this.fallback = fallback;
        this.failOpen = failOpen;
        this.clock = clock;
    }

    @Override
    public Decision acquire(String bucket, long limit, Duration window) {
        long now = clock.millis();
        String key = prefix + bucket + ":" + Windows.index(now, window);
        try {
            long used = (Long) redis.call(client -> TAKE.run(client, List.of(key), List.of(Long.toString(window.toMillis()))));
            return Windows.decide(used, limit, now, window);
        } catch (RedisUnavailableException e) {
            if (!failOpen) {
                throw new LimiterUnavailableException(e);
            }
            return fallback.acquire(bucket, limit, window);
        }
    }

    @Override
    public long used(String bucket, Duration window) {
        String key = prefix + bucket + ":" + Windows.index(clock.millis(), window);
        try {
            String used = redis.call(client -> client.get(key));
            return used == null ? 0 : Long.parseLong(used);
        } catch (RedisUnavailableException e) {
            return fallback.used(bucket, window);
        }
    }

    /** Redis is down and the limiter is configured to fail closed. */
    public static final class LimiterUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimiterUnavailableException(Throwable cause) {
            super("rate limiter unavailable", cause);
        }
    }
}
