package com.roadcast.ratelimit;

/**
 * One limiter decision: allowed or not, the budget, what is left of it as far as this instance knows
 * (see {@link RedisRateLimiter} for what that means across instances), when the window ends, and whether
 * this was the window's first refusal (worth an audit line, where later ones would only repeat it).
 */
public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long windowSeconds,
        boolean firstRefusal) {}
