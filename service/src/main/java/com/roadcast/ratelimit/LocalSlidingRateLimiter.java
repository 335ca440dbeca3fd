package com.roadcast.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/** Sliding logs in this process: the embedded default under {@link Algorithm#SLIDING}, and its fallback. */
public final class LocalSlidingRateLimiter implements RateLimiter {
    private final Clock clock;
    private final Cache<String, SlidingLog> logs;

    public LocalSlidingRateLimiter(Clock clock, Duration longestWindow) {
        this.clock = clock;
        this.logs = Caffeine.newBuilder().expireAfterAccess(longestWindow.multipliedBy(2)).build();
    }

    @Override
    public Decision acquire(String bucket, long limit, Duration window) {
        return logs.get(bucket, k -> new SlidingLog()).acquire(clock.millis(), limit, window);
    }

    @Override
    public long used(String bucket, Duration window) {
        SlidingLog log = logs.getIfPresent(bucket);
        return log == null ? 0 : log.used(clock.millis(), window);
    }
}
