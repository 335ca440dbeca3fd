package com.roadcast.ratelimit;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import java.time.Clock;
import java.time.Duration;

/**
 * Counters in Redis, shared by every instance; concurrent decisions share one script call
 * ({@link PermitBatcher}). While Redis is unreachable
 * it decides with in-process counters when {@code failOpen}, else it refuses (the caller answers 503).
 */
public final class RedisRateLimiter implements RateLimiter {
    private final RedisGuard redis;
    private final PermitBatcher batcher;
    private final String prefix;
    private final RateLimiter fallback;
    private final boolean failOpen;
    private final Clock clock;

    public RedisRateLimiter(RedisGuard redis, String keyPrefix, RateLimiter fallback, boolean failOpen, Clock clock) {
        this.redis = redis;
        this.batcher = new PermitBatcher(redis);
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
            long used = batcher.take(key, window.toMillis());
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
