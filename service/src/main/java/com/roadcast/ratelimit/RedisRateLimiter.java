package com.roadcast.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counters in Redis, shared by every instance, with permits leased in blocks so a busy key costs one
 * script call per block instead of one per request. Exact: Redis hands out at most the limit in total
 * (spent and leased); a lease lasts {@code leaseMillis}, after which its unspent permits go back; blocks
 * are sized to demand (one permit, spent at once, for a slow client) and to at most half of what is left
 * shared by the instances holding leases, so near the limit every decision is one script call again.
 * A busy lease is refilled in the background before it runs dry, so its requests do not wait for the
 * script call. An instance refused while other instances hold leases waits (asleep, bounded) until those expire and
 * come back, so demand of at least the limit is admitted exactly the limit however it is spread. Once
 * refused with nothing leased anywhere, the instance refuses the rest of the window without asking Redis.
 *
 * <p>{@code X-RateLimit-Remaining} is this instance's view: exact while one instance serves the key;
 * with several it lags the others' spending by at most what they leased since this one last asked Redis.
 *
 * <p>While Redis is unreachable it decides with in-process counters when {@code failOpen}, else it
 * refuses (the caller answers 503). Leased permits stay spendable; unreturned ones are lost to the window
 * (fewer admitted, never more).
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final RedisScript LEASE = RedisScript.load(RedisRateLimiter.class, "lease-permits.lua");
    private static final RedisScript RETURN = RedisScript.load(RedisRateLimiter.class, "return-permits.lua");
    /** How long past its expiry an unsettled lease still counts as coming back (then its holder is presumed gone). */
    private static final long GRACE_MILLIS = 1000;
    private final RedisGuard redis;
    private final String prefix;
    private final RateLimiter fallback;
    private final boolean failOpen;
    private final Clock clock;
    private final long maxLease;
    private final long leaseMillis;
    private final String instance = UUID.randomUUID().toString();
    private final Cache<String, Lease> leases;
    /** Refills of busy leases and returns of expired ones. */
    private final ScheduledExecutorService leaseWork = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rate-limit-leases");
        thread.setDaemon(true);
        return thread;
    });

    /** @param maxLease the largest block leased at once (1: no leases, one script call per decision) */
    public RedisRateLimiter(RedisGuard redis, String keyPrefix, RateLimiter fallback, boolean failOpen, Clock clock,
            long maxLease, Duration leaseTime, Duration longestWindow) {
        this.redis = redis;
        this.prefix = keyPrefix + "rl:";
        this.fallback = fallback;
        this.failOpen = failOpen;
        this.clock = clock;
        this.maxLease = maxLease;
        this.leaseMillis = leaseTime.toMillis();
        this.leases = Caffeine.newBuilder().expireAfterAccess(longestWindow.multipliedBy(2)).build();
    }

    @Override
    public Decision acquire(String bucket, long limit, Duration window) {
        long now = clock.millis();
        Lease lease = leases.get(prefix + bucket + ":" + Windows.index(now, window),
                key -> new Lease(key, Windows.end(now, window)));
        try {
            return decide(lease, limit, window, now + leaseMillis + GRACE_MILLIS);
        } catch (RedisUnavailableException e) {
            if (!failOpen) {
                throw new LimiterUnavailableException(e);
            }
            return fallback.acquire(bucket, limit, window);
        }
    }

    /**
     * Asks Redis (one thread per lease at a time; the others wait for its answer, then spend from the
     * lease); refused while others hold leases, sleeps until they expire (at most until {@code waitUntil}).
     */
    private Decision decide(Lease lease, long limit, Duration window, long waitUntil) {
        while (true) {
            long now = clock.millis();
            if (spent(lease, limit, window)) {
                return Windows.allowed(limit, lease.remaining(limit), now, window);
            }
            if (lease.exhausted) {
                return Windows.refused(limit, false, now, window);
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> other = lease.claim(mine);
            if (other != null) {
                other.join();
                continue;
            }
            List<?> reply;
            try {
                if (spent(lease, limit, window)) {
                    return Windows.allowed(limit, lease.remaining(limit), now, window);
                }
                long expires = Math.min(now + leaseMillis, lease.windowEnd);
                long wanted = maxLease == 1 ? 1 : lease.nextWanted(now, leaseMillis, maxLease);
                reply = ask(lease, limit, wanted, expires, window, now);
                long granted = (Long) reply.get(0);
                if (granted > 0) {
                    lease.granted(granted - 1, (Long) reply.get(1), expires);
                    if (granted > 1) {
                        scheduleReturn(lease);
                    }
                    return Windows.allowed(limit, lease.remaining(limit), now, window);
                }
                lease.exhausted = (Long) reply.get(2) == 0;
            } finally {
                lease.release(mine);
            }
            long wake = Math.max((Long) reply.get(3), now) + 5;
            if (lease.exhausted || wake > waitUntil || !sleepUntil(wake)) {
                return Windows.refused(limit, (Long) reply.get(4) == 1, now, window);
            }
        }
    }

    /** Spends a leased permit, if one is left; a busy lease running low is refilled in the background. */
    private boolean spent(Lease lease, long limit, Duration window) {
        long left = lease.tryTake();
        if (left >= 0 && lease.wantsRefill(left)) {
            try {
                leaseWork.execute(() -> refill(lease, limit, window));
            } catch (RejectedExecutionException stoppedMeanwhile) {
                lease.refillDone();
            }
        }
        return left >= 0;
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
            long expires = Math.min(now + leaseMillis, lease.windowEnd);
            if (expires > now) {
                List<?> reply = ask(lease, limit, lease.nextWanted(now, leaseMillis, maxLease), expires, window, now);
                long granted = (Long) reply.get(0);
                if (granted > 0) {
                    lease.granted(granted, (Long) reply.get(1), expires);
                    scheduleReturn(lease);
                }
            }
        } catch (RedisUnavailableException e) {
            // as if not refilled: the request that finds the lease empty meets the outage itself
        } finally {
            lease.refillDone();
            lease.release(mine);
        }
    }

    /** One atomic script call for {@code wanted} permits (see lease-permits.lua for the reply). */
    private List<?> ask(Lease lease, long limit, long wanted, long expires, Duration window, long now) {
        return (List<?>) redis.call(client -> LEASE.run(client, List.of(lease.key), List.of(
                Long.toString(limit), Long.toString(wanted), instance, Long.toString(expires),
                Long.toString(window.toMillis()), Long.toString(now), Long.toString(GRACE_MILLIS))));
    }

    private boolean sleepUntil(long wake) {
        try {
            Thread.sleep(Math.max(1, wake - clock.millis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Called by the lease's claim holder. */
    private void scheduleReturn(Lease lease) {
        if (!lease.returnScheduled) {
            lease.returnScheduled = true;
            try {
                leaseWork.schedule(() -> settle(lease), Math.max(1, lease.expiresAt - clock.millis()), TimeUnit.MILLISECONDS);
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
            other.thenRunAsync(() -> settle(lease), leaseWork);
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
    @Override
    public void stop() {
        leaseWork.shutdownNow();
        for (Lease lease : leases.asMap().values()) {
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
        redis.call(client -> RETURN.run(client, List.of(lease.key), List.of(instance, Long.toString(unspent))), false);
    }

    @Override
    public long used(String bucket, Duration window) {
        String key = prefix + bucket + ":" + Windows.index(clock.millis(), window);
        try {
            String used = redis.call(client -> client.hget(key, "taken"));
            return used == null ? 0 : Long.parseLong(used);
        } catch (RedisUnavailableException e) {
            return fallback.used(bucket, window);
        }
    }

    /** Redis is down and the limiter is configured to fail closed. */
    public static final class LimiterUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimiterUnavailableException(Throwable cause) {
            super("rate limiter unavailable", cause);
        }
    }
}
