package com.roadcast.ratelimit;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Clock;
import java.time.Duration;

/**
 * How a budget counts its permits over time ({@code rateLimits.algorithm}). {@link #FIXED}: epoch-aligned
 * windows, each with a fresh budget, so up to twice the limit can pass around a boundary. {@link #SLIDING}:
 * a log of spent permits, so at most the limit passes in any interval of one window's length (decision
 * record 0020).
 */
public enum Algorithm {
    FIXED,
    SLIDING;

    /** From the configuration: {@code fixed} or {@code sliding} (any case); anything else refuses start-up. */
    @JsonCreator
    public static Algorithm of(String name) {
        for (Algorithm algorithm : values()) {
            if (algorithm.name().equalsIgnoreCase(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("rateLimits.algorithm must be fixed or sliding, not '" + name + "'");
    }

    /** The in-process counters of this algorithm. */
    RateLimiter local(Clock clock, Duration longestWindow) {
        return this == FIXED ? new LocalRateLimiter(clock, longestWindow) : new LocalSlidingRateLimiter(clock, longestWindow);
    }

    /** The Redis key of a bucket's counters at {@code now} (fixed: its current window's). */
    String key(String prefix, String bucket, long now, Duration window) {
        return this == FIXED ? prefix + bucket + ":" + FixedWindow.index(now, window) : prefix + bucket + ":sliding";
    }

    /** Until when permits leased at {@code now} may be spent at the latest (sliding: their lease's expiry). */
    long leaseEnd(long now, Duration window) {
        return this == FIXED ? FixedWindow.end(now, window) : Long.MAX_VALUE;
    }
}
