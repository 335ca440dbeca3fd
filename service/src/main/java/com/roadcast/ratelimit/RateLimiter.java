package com.roadcast.ratelimit;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;

/**
 * Budget counters: each request takes one permit of {@code bucket}'s budget, counted per epoch-aligned
 * window (so every instance agrees on them) or over a sliding window ({@link Algorithm}). Exact: of N
 * concurrent requests against a limit L, exactly min(N, L) are allowed; sliding, no interval of one
 * window's length admits more than L. Managed: on stop, whatever it holds of a shared budget goes back.
 */
public interface RateLimiter extends Managed {

    Decision acquire(String bucket, long limit, Duration window);

    /** Permits already taken in the current window (sliding: the last window), without taking one. */
    long used(String bucket, Duration window);
}
