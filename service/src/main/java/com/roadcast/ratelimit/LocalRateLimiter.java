package com.roadcast.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counters in this process: the embedded default, and the fallback while Redis is unreachable. */
public final class LocalRateLimiter implements RateLimiter {
    private final Clock clock;
    private final Cache<String, AtomicLong> counters;

    public LocalRateLimiter(Clock clock, Duration longestWindow) {
        this.clock = clock;
        this.counters = Caffeine.newBuilder().expireAfterWrite(longestWindow.multipliedBy(2)).build();
    }

    @Override
    public Decision acquire(String bucket, long limit, Duration window) {
        long now = clock.millis();
        long used = counters.get(key(bucket, now, window), k -> new AtomicLong()).incrementAndGet();
        return FixedWindow.decide(used, limit, now, window);
    }

    @Override
    public long used(String bucket, Duration window) {
        AtomicLong counter = counters.getIfPresent(key(bucket, clock.millis(), window));
        return counter == null ? 0 : counter.get();
    }

    private static String key(String bucket, long now, Duration window) {
        return bucket + ":" + FixedWindow.index(now, window);
    }
}
