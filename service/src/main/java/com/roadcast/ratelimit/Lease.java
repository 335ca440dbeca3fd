package com.roadcast.ratelimit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This instance's share of one bucket's window in Redis: permits leased and not yet spent. Spending one
 * is a compare-and-set in process. Taking more from Redis (or giving the unspent back) is done by
 * whichever thread holds the {@link #claim}; the others that found the lease empty park on that claim's
 * future and are all released together when it completes (one script call for all of them, no lock
 * convoy, no polling).
 */
final class Lease {
    final String key;
    final long windowEnd;
    private final AtomicReference<CompletableFuture<Void>> busy = new AtomicReference<>();
    private final AtomicLong available = new AtomicLong();
    /** The window's Redis counter as this instance last saw it (leases and spent permits of all instances). */
    private volatile long takenSeen;
    // guarded by the claim
    private long wanted = 1;
    private long lastRefill = Long.MIN_VALUE / 2;
    long expiresAt;
    /** Refused with nothing leased elsewhere: the window's budget is gone and no permit can come back. */
    volatile boolean exhausted;
    boolean returnScheduled;

    Lease(String key, long windowEnd) {
        this.key = key;
        this.windowEnd = windowEnd;
    }

    /**
     * Claims the right to talk to Redis for this lease: null when claimed (call {@link #release} after),
     * else the current holder's future, completed when it is done.
     */
    CompletableFuture<Void> claim(CompletableFuture<Void> mine) {
        return busy.compareAndExchange(null, mine);
    }

    void release(CompletableFuture<Void> mine) {
        busy.set(null);
        mine.complete(null);
    }

    /** Spends one leased permit; false when none is left. */
    boolean tryTake() {
        long left;
        do {
            left = available.get();
            if (left <= 0) {
                return false;
            }
        } while (!available.compareAndSet(left, left - 1));
        return true;
    }

    /** What is left of the budget as far as this instance knows: unleased in Redis plus its own unspent. */
    long remaining(long limit) {
        return limit - takenSeen + available.get();
    }

    /**
     * How many permits to ask for: doubling while the last ones were gone within a lease time (busy),
     * halving otherwise, so a slow client keeps asking for one (one call per request, nothing leased)
     * and a busy one soon asks for {@code max}. Called by the claim's holder.
     */
    long nextWanted(long now, long leaseMillis, long max) {
        wanted = now - lastRefill < leaseMillis ? Math.min(max, wanted * 2) : Math.max(1, wanted / 2);
        lastRefill = now;
        return wanted;
    }

    /** Records a grant of {@code leased} permits beyond the one being spent now. Called by the claim's holder. */
    void granted(long leased, long taken, long expires) {
        available.addAndGet(leased);
        takenSeen = taken;
        if (leased > 0) {
            expiresAt = expires;
        }
    }

    /** Takes back every unspent permit, to be returned to Redis. Called by the claim's holder. */
    long surrender() {
        long unspent = available.getAndSet(0);
        if (unspent > 0) {
            wanted = Math.max(1, wanted / 2);
        }
        return unspent;
    }
}
