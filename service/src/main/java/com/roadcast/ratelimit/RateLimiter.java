package com.roadcast.ratelimit;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;

/**
 * Fixed-window counters: each request takes one permit from {@code bucket}'s current window (windows are
 * aligned to the epoch, so every instance agrees on them). Exact: of N concurrent requests against a
 * limit L, exactly min(N, L) are allowed. Managed: on stop, whatever it holds of a shared budget goes back.
 */
public interface RateLimiter extends Managed {

    Decision acquire(String bucket, long limit, Duration window);

    /** Permits already taken in the current window, without taking one. */
    long used(String bucket, Duration window);
}
