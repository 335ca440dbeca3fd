package com.roadcast.ratelimit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This instance's share of one bucket's window in Redis: permits leased and not yet spent. Spending one
 * is a compare-and-set in process. Taking more from Redis (or giving the unspent back) is done by
 * whichever thread holds the {@link #claim}; the others that found the lease empty park on that claim's
 * future and are all released together when it completes (one script call for all of them, no lock
 * convoy, no polling). A busy lease is refilled ahead, when a quarter of its last block is left
 * ({@link #wantsRefill}), so its requests need not find it empty and wait for Redis.
 *
 * <p>Under a sliding window a leased permit is counted in Redis as spent at the lease's expiry, the
 * latest time it may be spent ({@link #usableUntil}); a refill carries the unspent ones to the new
 * expiry in Redis before this lease's expiry moves, and a busy lease is also refilled once half its
 * time has passed, so its requests need not find it expired (decision record 0020).
 */
final class Lease {
    final String key;
    /** The latest time any permit of this lease may be spent: the fixed window's end (sliding: none). */
    final long windowEnd;
    private final boolean sliding;
    private final AtomicReference<CompletableFuture<Void>> busy = new AtomicReference<>();
    private final AtomicLong available = new AtomicLong();
    private final AtomicBoolean refillQueued = new AtomicBoolean();
    /** Odd while a grant is being recorded, so {@link #remaining} never pairs a new count with an old one. */
    private final AtomicLong grants = new AtomicLong();
    /** The permits of the last grant that went into the lease (0: the last grant was one permit, spent). */
    private volatile long lastBlock;
    /** The window's Redis counter as this instance last saw it (leases and spent permits of all instances). */
    private volatile long takenSeen;
    // guarded by the claim
    private long wanted = 1;
    private long lastRefill = Long.MIN_VALUE / 2;
    long expiresAt;
    /** Refused with nothing leased elsewhere: until then the budget is gone and no permit can come back (0: not). */
    volatile long exhaustedUntil;
    /** Sliding: the leased permits may be spent until then (their expiry, as counted in Redis). */
    private volatile long usableUntil;
    /** When the oldest permit counted in Redis leaves the window, as last seen (fixed: the window's end). */
    private volatile long freesAt;
    boolean returnScheduled;

    Lease(String key, long windowEnd, boolean sliding) {
        this.key = key;
        this.windowEnd = windowEnd;
        this.sliding = sliding;
        this.usableUntil = sliding ? Long.MIN_VALUE : Long.MAX_VALUE;
        this.freesAt = windowEnd;
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

    /** Spends one leased permit at {@code now}: how many are left after it, or -1 when none was left (or usable). */
    long tryTake(long now) {
        if (now > usableUntil) {
            return -1;
        }
        long left;
        do {
            left = available.get();
            if (left <= 0) {
                return -1;
            }
        } while (!available.compareAndSet(left, left - 1));
        return left - 1;
    }

    /**
     * Whether to refill now, with {@code left} permits left at {@code now}: true once per refill, when a
     * quarter of the last block is left, or (sliding) less than {@code margin} of the lease's time, and
     * that block was more than one permit (a busy key; a slow one asks as it goes).
     */
    boolean wantsRefill(long left, long now, long margin) {
        long block = lastBlock;
        return block > 1 && (left <= block / 4 || now > usableUntil - margin) && exhaustedUntil == 0
                && refillQueued.compareAndSet(false, true);
    }

    void refillDone() {
        refillQueued.set(false);
    }

    /** What is left of the budget as far as this instance knows: unleased in Redis plus its own unspent. */
    long remaining(long limit) {
        while (true) {
            long before = grants.get();
            long remaining = limit - takenSeen + available.get();
            if ((before & 1) == 0 && grants.get() == before) {
                return remaining;
            }
            Thread.onSpinWait();
        }
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

    /**
     * Records a grant of {@code leased} permits into the lease (beyond any spent at once), Redis's count
     * after it and when its oldest permit frees up. Called by the claim's holder.
     */
    void granted(long leased, long taken, long expires, long frees) {
        grants.incrementAndGet();
        available.addAndGet(leased);
        takenSeen = taken;
        grants.incrementAndGet();
        lastBlock = leased;
        exhaustedUntil = 0;
        freesAt = frees;
        if (leased > 0) {
            expiresAt = expires;
            if (sliding) {
                usableUntil = expires;
            }
        }
    }

    boolean exhausted(long now) {
        return now < exhaustedUntil;
    }

    /** Whether a sliding lease's permits may still be spent at {@code now} (fixed: always, within its window). */
    boolean usable(long now) {
        return now <= usableUntil;
    }

    /** The permits not yet spent, left in the lease (a refill carries them to its new expiry). */
    long unspent() {
        return Math.max(0, available.get());
    }

    /**
     * When a permit frees up, for an admission at {@code now}: the oldest counted one as last seen; once
     * that has passed (sliding), at the latest when this lease's own permits leave the window.
     */
    long resetAt(long now, long windowMillis) {
        long frees = freesAt;
        return !sliding || frees > now ? frees : usableUntil + windowMillis;
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
