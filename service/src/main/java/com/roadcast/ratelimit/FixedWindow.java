package com.roadcast.ratelimit;

import java.time.Duration;

/** Epoch-aligned fixed windows. */
public final class FixedWindow {

    private FixedWindow() {}

    static long index(long nowMillis, Duration window) {
        return nowMillis / window.toMillis();
    }

    static long end(long nowMillis, Duration window) {
        return (index(nowMillis, window) + 1) * window.toMillis();
    }

    public static long secondsToReset(long nowMillis, Duration window) {
        long millis = window.toMillis();
        return Math.max(1, (millis - nowMillis % millis + 999) / 1000);
    }

    /** The decision for a counter that now reads {@code used}, this request included. */
    static Decision decide(long used, long limit, long nowMillis, Duration window) {
        return new Decision(used <= limit, limit, Math.max(0, limit - used), secondsToReset(nowMillis, window),
                window.toSeconds(), used == limit + 1);
    }
}
