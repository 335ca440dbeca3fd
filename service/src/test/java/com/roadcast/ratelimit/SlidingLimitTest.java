package com.roadcast.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-process limiters around a window boundary: fixed windows let a burst of twice the limit through,
 * the sliding log lets no interval of one window's length hold more than the limit, and tells when the
 * next permit frees up.
 */
class SlidingLimitTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final long LIMIT = 10;
    /** Two milliseconds before a window boundary. */
    private static final long BEFORE_BOUNDARY = 1_000 * WINDOW.toMillis() - 2;
    private final StepClock clock = new StepClock(BEFORE_BOUNDARY);

    private static long admitted(RateLimiter limiter, int requests) {
        long allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += limiter.acquire("key:k:predict", LIMIT, WINDOW).allowed() ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void fixedWindowsAdmitTwiceTheLimitWithinFourMillisecondsAcrossABoundary() {
        RateLimiter fixed = Algorithm.FIXED.local(clock, WINDOW);
        assertThat(admitted(fixed, 15)).isEqualTo(LIMIT);
        clock.set(BEFORE_BOUNDARY + 4);
        assertThat(admitted(fixed, 15)).as("a new window, a new budget").isEqualTo(LIMIT);
    }

    @Test
    void theSlidingLogRefusesTheBurstUntilTheFirstPermitsLeaveTheWindow() {
        RateLimiter sliding = Algorithm.SLIDING.local(clock, WINDOW);
        assertThat(admitted(sliding, 15)).isEqualTo(LIMIT);
        clock.set(BEFORE_BOUNDARY + 4);
        Decision refused = sliding.acquire("key:k:predict", LIMIT, WINDOW);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.resetSeconds()).as("the first permits free up 60 s after they were spent").isEqualTo(60);
        clock.set(BEFORE_BOUNDARY + WINDOW.toMillis() - 1);
        assertThat(admitted(sliding, 15)).as("one millisecond early").isZero();
        clock.set(BEFORE_BOUNDARY + WINDOW.toMillis());
        assertThat(admitted(sliding, 15)).isEqualTo(LIMIT);
    }

    @Test
    void resetIsWhenTheNextPermitFreesUpAndRetryingThenIsAdmitted() {
        RateLimiter sliding = Algorithm.SLIDING.local(clock, WINDOW);
        long start = clock.millis();
        assertThat(admitted(sliding, 4)).isEqualTo(4);
        clock.set(start + 20_000);
        Decision sixth = null;
        for (int i = 0; i < 6; i++) {
            sixth = sliding.acquire("key:k:predict", LIMIT, WINDOW);
        }
        assertThat(sixth.allowed()).isTrue();
        assertThat(sixth.remaining()).isZero();
        assertThat(sixth.resetSeconds()).as("the oldest four leave at start + 60 s").isEqualTo(40);
        clock.set(start + 30_500);
        Decision refused = sliding.acquire("key:k:predict", LIMIT, WINDOW);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.firstRefusal()).isTrue();
        assertThat(refused.resetSeconds()).isEqualTo(30);
        assertThat(sliding.acquire("key:k:predict", LIMIT, WINDOW).firstRefusal()).as("the same run of refusals").isFalse();
        clock.set(clock.millis() + refused.resetSeconds() * 1000);
        Decision again = sliding.acquire("key:k:predict", LIMIT, WINDOW);
        assertThat(again.allowed()).as("retried after Retry-After").isTrue();
        assertThat(again.remaining()).as("three more freed at the same time").isEqualTo(3);
    }

    /** Random arrivals over ten windows: admitted exactly when fewer than the limit were in the window before. */
    @Test
    void theSlidingLogAdmitsExactlyWhatTheDefinitionAllows() {
        Random random = new Random(18);
        RateLimiter sliding = Algorithm.SLIDING.local(clock, WINDOW);
        List<Long> admittedAt = new ArrayList<>();
        long now = clock.millis();
        for (int i = 0; i < 2_000; i++) {
            now += random.nextInt(600);
            clock.set(now);
            long cutoff = now - WINDOW.toMillis();
            long inWindow = admittedAt.stream().filter(t -> t > cutoff).count();
            boolean allowed = sliding.acquire("key:k:predict", LIMIT, WINDOW).allowed();
            assertThat(allowed).as("request %d at %d with %d admitted in the window before", i, now, inWindow)
                    .isEqualTo(inWindow < LIMIT);
            if (allowed) {
                admittedAt.add(now);
            }
        }
        assertThat(admittedAt).as("enough demand to be refused often").hasSizeBetween(100, 1_000);
        assertThat(sliding.used("key:k:predict", WINDOW)).isEqualTo(admittedAt.stream()
                .filter(t -> t > clock.millis() - WINDOW.toMillis()).count());
    }
}
