package com.roadcast.ratelimit;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Redis side of this instance's leases: the atomic script calls that take and give back permits,
 * and one thread of its own ({@code rate-limit-leases}) that refills a busy lease before it runs dry
 * and gives back what an expired lease left unspent.
 */
final class LeaseKeeper {
    private static final RedisScript LEASE = RedisScript.load(LeaseKeeper.class, "lease-permits.lua");
    private static final RedisScript RETURN = RedisScript.load(LeaseKeeper.class, "return-permits.lua");
    private static final RedisScript SLIDING_LEASE = RedisScript.load(LeaseKeeper.class, "sliding-lease.lua");
    private static final RedisScript SLIDING_RETURN = RedisScript.load(LeaseKeeper.class, "sliding-return.lua");
    /** How long past its expiry an unsettled lease still counts as coming back (then its holder is presumed gone). */
    static final long GRACE_MILLIS = 1000;
    /** How long a stop waits for a script call already under way on this thread (a refill) to land. */
    private static final long STOP_WAIT_MILLIS = 5000;
    private final RedisGuard redis;
    private final Clock clock;
    private final boolean sliding;
    private final long maxLease;
    private final long leaseMillis;
    private final String instance = UUID.randomUUID().toString();
    private final ScheduledExecutorService work = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rate-limit-leases");
        thread.setDaemon(true);
        return thread;
    });

    LeaseKeeper(RedisGuard redis, Clock clock, Algorithm algorithm, long maxLease, long leaseMillis) {
        this.redis = redis;
        this.clock = clock;
        this.sliding = algorithm == Algorithm.SLIDING;
        this.maxLease = maxLease;
        this.leaseMillis = leaseMillis;
    }

    /**
     * Asks for {@code wanted} permits, one atomic script call (see lease-permits.lua and
     * sliding-lease.lua), and records a grant: {@code spentNow} of its permits (1 for a request that
     * found the lease empty, 0 for a refill) are spent at once, the rest go into the lease, to come back
     * at its expiry if unspent. Sliding: the lease's unspent permits go to the new expiry with the grant,
     * or back at once when the lease has expired. Called by the lease's claim holder.
     */
    Grant take(Lease lease, long limit, long wanted, Duration window, long now, long spentNow) {
        long expires = Math.min(now + leaseMillis, lease.windowEnd);
        List<String> args = new ArrayList<>(List.of(Long.toString(limit), Long.toString(wanted), instance,
                Long.toString(expires), Long.toString(window.toMillis()), Long.toString(now), Long.toString(GRACE_MILLIS)));
        Grant grant;
        if (sliding) {
            long unspent = lease.usable(now) ? lease.unspent() : lease.surrender();
            // what the lease still holds moves to the new expiry: ask only for the rest of the block
            args.set(1, Long.toString(Math.max(1, wanted - unspent)));
            args.addAll(List.of(Long.toString(spentNow), Long.toString(unspent)));
            grant = Grant.sliding((List<?>) redis.call(client -> SLIDING_LEASE.run(client, keys(lease), args)));
        } else {
            grant = Grant.fixed((List<?>) redis.call(client -> LEASE.run(client, keys(lease), args)), lease.windowEnd);
        }
        if (grant.granted() > 0) {
            long leased = grant.granted() - spentNow;
            lease.granted(leased, grant.taken(), expires, grant.freesAt());
            if (leased > 0) {
                scheduleReturn(lease);
            }
        }
        return grant;
    }

    private List<String> keys(Lease lease) {
        return sliding ? List.of(lease.key, lease.key + ":log") : List.of(lease.key);
    }

    /**
     * After a permit was spent with {@code left} left at {@code now}: a busy lease running low (sliding:
     * or past half its time, as its permits may be spent only until its expiry) is refilled on this thread.
     */
    void spent(Lease lease, long left, long now, long limit, Duration window) {
        if (lease.wantsRefill(left, now, leaseMillis / 2)) {
            try {
                work.execute(() -> refill(lease, limit, window));
            } catch (RejectedExecutionException stoppedMeanwhile) {
                lease.refillDone();
            }
        }
    }

    /**
     * Adds a block to a busy lease before it runs dry, so none of its requests waits for Redis. Skipped
     * when a request is asking Redis for the lease already; refused or failed, it changes nothing, and
     * the requests that find the lease empty ask (or fall back) as they would have.
     */
    private void refill(Lease lease, long limit, Duration window) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (lease.claim(mine) != null) {
            lease.refillDone();
            return;
        }
        try {
            long now = clock.millis();
            if (now < lease.windowEnd) {
                take(lease, limit, lease.nextWanted(now, leaseMillis, maxLease), window, now, 0);
            }
        } catch (RedisUnavailableException e) {
            // as if not refilled: the request that finds the lease empty meets the outage itself
        } finally {
            lease.refillDone();
            lease.release(mine);
        }
    }

    /** Gives the lease's unspent permits back at its expiry. Called by the lease's claim holder. */
    private void scheduleReturn(Lease lease) {
        if (!lease.returnScheduled) {
            lease.returnScheduled = true;
            try {
                work.schedule(() -> settle(lease), Math.max(1, lease.expiresAt - clock.millis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stoppedMeanwhile) {
                // stopping: stop() gives back what is left of the lease
            }
        }
    }

    /** At the lease's expiry (which a busy instance keeps pushing back), gives the unspent permits back. */
    private void settle(Lease lease) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = lease.claim(mine);
        if (other != null) {
            other.thenRunAsync(() -> settle(lease), work);
            return;
        }
        try {
            lease.returnScheduled = false;
            if (clock.millis() < lease.expiresAt) {
                scheduleReturn(lease);
                return;
            }
            giveBack(lease, lease.surrender());
        } catch (RedisUnavailableException e) {
            // the unspent permits are lost to this window: fewer requests admitted, never more
        } finally {
            lease.release(mine);
        }
    }

    /**
     * On shutdown: every unsettled lease is settled now, its unspent permits back in Redis for the other
     * instances to spend, and a lease spent down to nothing no longer waited for by those refused.
     */
    void stop(Collection<Lease> leases) {
        work.shutdownNow();
        try {
            // a refill under way would otherwise add its block after the lease was surrendered: stranded
            work.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Lease lease : leases) {
            long unspent = lease.surrender();
            if (unspent > 0 || lease.returnScheduled) {
                try {
                    giveBack(lease, unspent);
                } catch (RedisUnavailableException e) {
                    return; // the rest are lost to their windows: fewer requests admitted, never more
                }
            }
        }
    }

    private void giveBack(Lease lease, long unspent) {
        RedisScript script = sliding ? SLIDING_RETURN : RETURN;
        redis.call(client -> script.run(client, keys(lease), List.of(instance, Long.toString(unspent))), false);
    }
}
