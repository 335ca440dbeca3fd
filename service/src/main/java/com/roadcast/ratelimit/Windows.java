package com.roadcast.ratelimit;

import java.time.Duration;

/** Epoch-aligned fixed windows. */
final class Windows {

    private Windows() {}

    static long index(long nowMillis, Duration window) {
        return nowMillis / window.toMillis();
    }

    static long secondsToReset(long nowMillis, Duration window) {
        long millis = window.toMillis();
        return Math.max(1, (millis - nowMillis % millis + 999) / 1000);
    }

    static Decision decide(long used, long limit, long nowMillis, Duration window) {
        return new Decision(used <= limit, limit, used, secondsToReset(nowMillis, window), window.toSeconds());
    }
}
