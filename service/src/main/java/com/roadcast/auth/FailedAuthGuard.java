package com.roadcast.auth;

import com.roadcast.ratelimit.FixedWindow;
import com.roadcast.ratelimit.RateLimiter;
import java.time.Duration;

/**
 * Per client address, a budget of failed authentications per window; past it the address is locked out
 * (every key it presents is refused unchecked) until the window ends, so keys cannot be guessed.
 */
public final class FailedAuthGuard {
    private final RateLimiter limiter;
    private final long allowedFailures;
    private final Duration window;

    public FailedAuthGuard(RateLimiter limiter, long allowedFailures, Duration window) {
        this.limiter = limiter;
        this.allowedFailures = allowedFailures;
        this.window = window;
    }

    public boolean lockedOut(String ip) {
        return limiter.used(bucket(ip), window) >= allowedFailures;
    }

    /** Counts a failure; true when this one used up the address's budget. */
    public boolean recordFailure(String ip) {
        return limiter.acquire(bucket(ip), allowedFailures, window).remaining() == 0;
    }

    public long retryAfterSeconds() {
        return FixedWindow.secondsToReset(System.currentTimeMillis(), window);
    }

    private static String bucket(String ip) {
        return "authfail:" + ip;
    }
}
