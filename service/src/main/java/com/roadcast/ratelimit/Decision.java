package com.roadcast.ratelimit;

/** One limiter decision: allowed or not, permits used so far, and what the rate-limit headers say. */
public record Decision(boolean allowed, long limit, long used, long resetSeconds, long windowSeconds) {

    public long remaining() {
        return Math.max(0, limit - used);
    }

    /** The first refusal of a window: worth an audit line, where later ones would only repeat it. */
    public boolean firstRefusal() {
        return used == limit + 1;
    }
}
