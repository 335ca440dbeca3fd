package com.roadcast.ratelimit;

import java.time.Duration;

/**
 * One bucket's admissions within the last window, in this process, oldest first (a ring of times that
 * grows with demand, to at most the limit): a request is admitted while fewer than the limit were
 * admitted in the window before it, so no interval of one window's length ever holds more than the limit.
 */
final class SlidingLog {
    private long[] times = new long[8];
    private int head;
    private int size;
    private boolean refusing;

    /** Admits or refuses a request made at {@code nowMillis}; a refusal's reset is when one more permit frees up. */
    synchronized Decision acquire(long nowMillis, long limit, Duration window) {
        long millis = window.toMillis();
        trim(nowMillis - millis);
        if (size >= limit) {
            boolean first = !refusing;
            refusing = true;
            long freesAt = at((int) Math.min(size - limit, Integer.MAX_VALUE)) + millis;
            return new Decision(false, limit, 0, Decision.secondsUntil(freesAt, nowMillis), window.toSeconds(), first);
        }
        refusing = false;
        add(nowMillis);
        return new Decision(true, limit, limit - size, Decision.secondsUntil(at(0) + millis, nowMillis),
                window.toSeconds(), false);
    }

    /** Admissions within the window before {@code nowMillis}. */
    synchronized long used(long nowMillis, Duration window) {
        trim(nowMillis - window.toMillis());
        return size;
    }

    /** Forgets admissions made at or before {@code cutoff}: they no longer count. */
    private void trim(long cutoff) {
        while (size > 0 && times[head] <= cutoff) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    private long at(int i) {
        return times[(head + i) % times.length];
    }

    private void add(long time) {
        if (size == times.length) {
            long[] grown = new long[times.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = at(i);
            }
            times = grown;
            head = 0;
        }
        times[(head + size) % times.length] = time;
        size++;
    }
}
