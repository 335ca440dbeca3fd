package com.roadcast.auth;

import com.roadcast.ratelimit.FixedWindow;
import com.roadcast.ratelimit.RateLimiter;
import com.roadcast.web.ClientIps;
import java.time.Duration;

/**
 * Per client address (IPv6: per /64, see {@link ClientIps#network}), a budget of failed authentications
 * per window. Keys are 256-bit, so guessing is not what this stops: it is noise. Past the budget the
 * address's missing or wrong keys are refused with 429 until the window ends; a valid key is still
 * admitted, so no client is refused for its NAT neighbours' (or its proxy's other clients') failures.
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

    /** Whether the address (its /64 for IPv6) has spent its failures for this window. */
    public boolean overBudget(String ip) {
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
        return "authfail:" + ClientIps.network(ip);
    }
}
