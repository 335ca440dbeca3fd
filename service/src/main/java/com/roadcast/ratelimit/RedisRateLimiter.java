package com.roadcast.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Counters in Redis, shared by every instance, with permits leased in blocks so a busy key costs one
 * script call per block instead of one per request. Exact: Redis hands out at most the limit in total
 * (spent and leased); a lease lasts {@code leaseMillis}, after which its unspent permits go back; blocks
 * are sized to demand (one permit, spent at once, for a slow client) and to at most half of what is left
 * shared by the instances holding leases, so near the limit every decision is one script call again.
 * A busy lease is refilled ahead, before it runs dry ({@link LeaseKeeper}), so its requests do not wait
 * for the script call. An instance refused while other instances hold leases waits (asleep, bounded)
 * until those expire and come back, so demand of at least the limit is admitted exactly the limit however
 * it is spread. Once refused with nothing leased anywhere, the instance refuses without asking Redis
 * until a permit frees up (fixed windows: the rest of the window).
 *
 * <p>{@link Algorithm#FIXED} counts per epoch-aligned window (lease-permits.lua);
 * {@link Algorithm#SLIDING} keeps a log of spent permits per bucket, each counted until one window after
 * the latest time it may have been spent, so no window-long interval ever admits more than the limit
 * (sliding-lease.lua, decision record 0020).
 *
 * <p>{@code X-RateLimit-Remaining} is this instance's view: exact while one instance serves the key;
 * with several it lags the others' spending by at most what they leased since this one last asked Redis.
 *
 * <p>While Redis is unreachable it decides with in-process counters when {@code failOpen}, else it
 * refuses (the caller answers 503). Leased permits stay spendable; unreturned ones are lost to the window
 * (fewer admitted, never more).
 */
public final class RedisRateLimiter implements RateLimiter {
    private final RedisGuard redis;
    private final Algorithm algorithm;
    private final String prefix;
    private final RateLimiter fallback;
    private final boolean failOpen;
    private final Clock clock;
    private final long maxLease;
    private final long leaseMillis;
    private final Cache<String, Lease> leases;
    private final LeaseKeeper keeper;

    /**
     * @param fallback the in-process counters of the same algorithm, for while Redis is unreachable
     * @param maxLease the largest block leased at once (1: no leases, one script call per decision)
     */
    public RedisRateLimiter(RedisGuard redis, Algorithm algorithm, String keyPrefix, RateLimiter fallback,
            boolean failOpen, Clock clock, long maxLease, Duration leaseTime, Duration longestWindow) {
        this.redis = redis;
        this.algorithm = algorithm;
        this.prefix = keyPrefix + "rl:";
        this.fallback = fallback;
        this.failOpen = failOpen;
        this.clock = clock;
        this.maxLease = maxLease;
        this.leaseMillis = leaseTime.toMillis();
        this.leases = Caffeine.newBuilder().expireAfterAccess(longestWindow.multipliedBy(2)).build();
        this.keeper = new LeaseKeeper(redis, clock, algorithm, maxLease, leaseMillis);
    }

    @Override
    public Decision acquire(String bucket, long limit, Duration window) {
        long now = clock.millis();
        Lease lease = leases.get(algorithm.key(prefix, bucket, now, window),
                key -> new Lease(key, algorithm.leaseEnd(now, window), algorithm == Algorithm.SLIDING));
        try {
            return decide(lease, limit, window, now + leaseMillis + LeaseKeeper.GRACE_MILLIS);
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
            if (spent(lease, now, limit, window)) {
                return allowed(lease, limit, now, window);
            }
            if (lease.exhausted(now)) {
                return refused(limit, false, lease.exhaustedUntil, now, window);
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> other = lease.claim(mine);
            if (other != null) {
                other.join();
                continue;
            }
            Grant grant;
            try {
                if (spent(lease, now, limit, window)) {
                    return allowed(lease, limit, now, window);
                }
                long wanted = maxLease == 1 ? 1 : lease.nextWanted(now, leaseMillis, maxLease);
                grant = keeper.take(lease, limit, wanted, window, now, 1);
                if (grant.granted() > 0) {
                    return allowed(lease, limit, now, window);
                }
                if (grant.leasedElsewhere() == 0) {
                    lease.exhaustedUntil = grant.freesAt();
                }
            } finally {
                lease.release(mine);
            }
            long wake = Math.max(grant.latestExpiry(), now) + 5;
            if (lease.exhausted(now) || wake > waitUntil || !sleepUntil(wake)) {
                return refused(limit, grant.firstRefusal(), grant.freesAt(), now, window);
            }
        }
    }

    /** Spends a leased permit at {@code now}, if one is left (a busy lease running low is refilled ahead). */
    private boolean spent(Lease lease, long now, long limit, Duration window) {
        long left = lease.tryTake(now);
        if (left < 0) {
            return false;
        }
        keeper.spent(lease, left, now, limit, window);
        return true;
    }

    private static Decision allowed(Lease lease, long limit, long now, Duration window) {
        return new Decision(true, limit, Math.max(0, lease.remaining(limit)),
                Decision.secondsUntil(lease.resetAt(now, window.toMillis()), now), window.toSeconds(), false);
    }

    private static Decision refused(long limit, boolean first, long freesAt, long now, Duration window) {
        return new Decision(false, limit, 0, Decision.secondsUntil(freesAt, now), window.toSeconds(), first);
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

    /**
     * On shutdown: every unsettled lease is settled now, its unspent permits back in Redis for the other
     * instances to spend.
     */
    @Override
    public void stop() {
        keeper.stop(leases.asMap().values());
    }

    /** Fixed: taken in the current window; sliding: counted as of the bucket's last decision. */
    @Override
    public long used(String bucket, Duration window) {
        String key = algorithm.key(prefix, bucket, clock.millis(), window);
        String field = algorithm == Algorithm.FIXED ? "taken" : "used";
        try {
            String used = redis.call(client -> client.hget(key, field));
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
