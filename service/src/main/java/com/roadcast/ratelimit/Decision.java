package com.roadcast.ratelimit;

/**
 * One limiter decision: allowed or not, the budget, what is left of it as far as this instance knows
 * (see {@link RedisRateLimiter} for what that means across instances), when a permit frees up (fixed
 * windows: when the window ends; sliding: when the oldest counted permit leaves the window, or for a
 * refusal when enough have left for one more), and whether this was the first refusal (of the window;
 * sliding: since the last admission), worth an audit line where later ones would only repeat it.
 */
public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long windowSeconds,
        boolean firstRefusal) {

    /** Whole seconds from {@code nowMillis} until {@code atMillis}, rounded up, at least 1. */
    static long secondsUntil(long atMillis, long nowMillis) {
        return Math.max(1, (atMillis - nowMillis + 999) / 1000);
    }
}
