package com.roadcast.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.redis.RedisGuard;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The leased limiter against a real redis-server, as two instances would use it: exact totals however
 * demand is spread or stops, unspent leases coming back, few script calls for a busy key (made ahead,
 * not by its requests), truthful remaining counts, one first refusal per window, and Redis going away.
 */
@Timeout(120)
class LeasedLimitIT {
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMillis(100);
    @RegisterExtension
    static final RedisServer.Extension redis = RedisServer.perClass();
    @RegisterExtension
    final LimiterConnections connections = new LimiterConnections(redis);
    private final String bucket = "key:" + UUID.randomUUID() + ":predict";

    /** A new instance: its own connection pool, its own leases, fail-open unless told otherwise. */
    private RedisRateLimiter instance(boolean failOpen) {
        return instance(failOpen, LEASE);
    }

    private RedisRateLimiter instance(boolean failOpen, Duration lease) {
        return instance(connections.connect(), failOpen, lease);
    }

    private static RedisRateLimiter instance(RedisGuard guard, boolean failOpen, Duration lease) {
        Clock clock = Clock.systemUTC();
        return new RedisRateLimiter(guard, Algorithm.FIXED, "roadcast:test:", new LocalRateLimiter(clock, WINDOW), failOpen,
                clock, 500, lease, WINDOW);
    }

    /** Runs {@code call} on the calling thread after each Redis call the guard made, before it returns. */
    static void onEachCall(RedisGuard guard, Runnable call) {
        guard.observe(new RedisGuard.Observer() {
            @Override
            public void completed(long nanos, boolean ok) {
                call.run();
            }

            @Override
            public void skipped() {}
        });
    }

    private long takenInRedis() {
        try (Jedis jedis = redis.server().operator(2000)) {
            String taken = jedis.hget("roadcast:test:rl:" + bucket + ":" + System.currentTimeMillis() / WINDOW.toMillis(), "taken");
            return taken == null ? 0 : Long.parseLong(taken);
        }
    }

    /** The instances' lease markers in the bucket's current window. */
    private List<String> leasesInRedis() {
        try (Jedis jedis = redis.server().operator(2000)) {
            return jedis.hkeys("roadcast:test:rl:" + bucket + ":" + System.currentTimeMillis() / WINDOW.toMillis()).stream()
                    .filter(field -> field.startsWith("l:")).toList();
        }
    }

    private static long scriptCalls() {
        try (Jedis jedis = redis.server().operator(2000)) {
            String stats = jedis.info("commandstats");
            return stats.lines().filter(l -> l.startsWith("cmdstat_evalsha:") || l.startsWith("cmdstat_eval:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll(".*calls=(\\d+),.*", "$1"))).sum();
        }
    }

    private static long admitted(RateLimiter limiter, String bucket, long limit, int requests) {
        return admitted(limiter, bucket, limit, requests, 0);
    }

    /** Admitted of {@code requests} made one after another, {@code pauseNanos} apart (0: none). */
    private static long admitted(RateLimiter limiter, String bucket, long limit, int requests, long pauseNanos) {
        long allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += limiter.acquire(bucket, limit, WINDOW).allowed() ? 1 : 0;
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos); // kept: the requests' pace is the demand under test
            }
        }
        return allowed;
    }

    @Test
    void demandThatMovesToAnotherInstanceWhileTheFirstHoldsALeaseIsStillAdmittedExactlyTheLimit() {
        Duration lease = Duration.ofMillis(500);
        RedisRateLimiter a = instance(true, lease);
        RedisRateLimiter b = instance(true, lease);
        admitted(a, "warm-up:" + bucket, 1000, 100);
        admitted(b, "warm-up:" + bucket, 1000, 100);
        assertThat(admitted(a, bucket, 25, 8)).isEqualTo(8);
        assertThat(takenInRedis()).as("A holds leased permits it has not spent").isGreaterThan(8);
        long start = System.nanoTime();
        assertThat(admitted(b, bucket, 25, 30)).as("B gets the rest, A's lease included, once it comes back")
                .isEqualTo(17);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("B's wait for A's lease is bounded")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(admitted(a, bucket, 25, 5) + admitted(b, bucket, 25, 5)).isZero();
    }

    @Test
    void anIdleInstanceGivesItsUnspentPermitsBackAfterTheLeaseTime() throws Exception {
        Duration lease = Duration.ofMillis(500);
        RedisRateLimiter a = instance(true, lease);
        admitted(a, "warm-up:" + bucket, 1000, 100);
        assertThat(admitted(a, bucket, 1000, 20)).isEqualTo(20);
        assertThat(takenInRedis()).isGreaterThan(20);
        Eventually.within(lease.plusSeconds(5), () -> assertThat(takenInRedis()).isEqualTo(20));
        assertThat(admitted(instance(true), bucket, 1000, 2000)).isEqualTo(980);
    }

    @Test
    void aStoppingInstanceGivesItsUnspentPermitsBackAtOnce() throws Exception {
        RedisRateLimiter a = instance(true, Duration.ofMinutes(10));
        admitted(a, "warm-up:" + bucket, 1000, 100);
        assertThat(admitted(a, bucket, 1000, 20)).isEqualTo(20);
        assertThat(takenInRedis()).as("A holds a lease it has not spent").isGreaterThan(20);
        a.stop();
        assertThat(takenInRedis()).as("back on stop, not ten minutes later").isEqualTo(20);
        assertThat(admitted(instance(true), bucket, 1000, 2000)).isEqualTo(980);
    }

    @Test
    void aStopWaitsForARefillUnderWaySoItsBlockComesBackToo() throws Exception {
        RedisGuard guard = connections.connect();
        CountDownLatch refilling = new CountDownLatch(1);
        onEachCall(guard, () -> {
            if ("rate-limit-leases".equals(Thread.currentThread().getName()) && refilling.getCount() > 0) {
                refilling.countDown();
                long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // the block is granted in Redis, not yet in the lease: stop now
                }
            }
        });
        RedisRateLimiter a = instance(guard, true, Duration.ofMinutes(10));
        long admitted = 0;
        // no request once a refill is under way: one finding the lease dry would wait for the refill to land
        do {
            admitted += a.acquire(bucket, 1_000_000, WINDOW).allowed() ? 1 : 0;
        } while (!refilling.await(20, TimeUnit.MILLISECONDS) && admitted < 1_000);
        assertThat(refilling.getCount()).as("a refill under way").isZero();
        a.stop();
        assertThat(takenInRedis()).as("all but the %d permits spent came back", admitted).isEqualTo(admitted);
    }

    @Test
    void aStoppingInstanceSettlesEvenALeaseItSpentDownToNothing() {
        RedisRateLimiter a = instance(true, Duration.ofMinutes(10));
        assertThat(admitted(a, bucket, 60, 100)).isEqualTo(60);
        assertThat(leasesInRedis()).as("A's lease, spent but unsettled, which others refused would wait for").isNotEmpty();
        a.stop();
        assertThat(leasesInRedis()).as("settled on stop, not ten minutes later").isEmpty();
    }

    @Test
    void concurrentDemandOnTwoInstancesAdmitsExactlyTheLimitWithFewScriptCalls() throws Exception {
        List<RedisRateLimiter> instances = List.of(instance(true), instance(true));
        long callsBefore = scriptCalls();
        List<Callable<Long>> clients = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RedisRateLimiter limiter = instances.get(t % 2);
            clients.add(() -> admitted(limiter, bucket, 20_000, 2_000));
        }
        assertThat(Concurrently.run(clients).stream().mapToLong(Long::longValue).sum())
                .as("32,000 requests against a limit of 20,000").isEqualTo(20_000);
        assertThat(scriptCalls() - callsBefore).as("script calls for 32,000 decisions").isLessThan(3_200);
    }

    /**
     * A busy key (a decision every 20-80 us, blocks of 500 permits) gets its lease refilled on the
     * limiter's own thread before it runs dry: its requests do not wait for the script call. Without the
     * refill ahead every one of those calls is made by a request that found the lease empty.
     */
    @Test
    void aBusyKeysLeaseIsRefilledAheadSoItsRequestsDoNotWaitForRedis() {
        RedisGuard guard = connections.connect();
        List<String> callers = Collections.synchronizedList(new ArrayList<>());
        onEachCall(guard, () -> callers.add(Thread.currentThread().getName()));
        RedisRateLimiter a = instance(guard, true, LEASE);
        assertThat(admitted(a, bucket, 1_000_000, 2_000, 20_000)).as("warm-up: the blocks grow to 500").isEqualTo(2_000);
        callers.clear();
        assertThat(admitted(a, bucket, 1_000_000, 10_000, 20_000)).isEqualTo(10_000);
        List<String> calls = List.copyOf(callers);
        long byRequests = calls.stream().filter(Thread.currentThread().getName()::equals).count();
        assertThat(calls).as("script calls for 10,000 decisions").hasSizeBetween(10, 200);
        assertThat(byRequests).as("of %d script calls (%s), made by the requesting thread", calls.size(), calls)
                .isLessThanOrEqualTo(calls.size() / 4);
        assertThat(a.acquire(bucket, 1_000_000, WINDOW).remaining()).isEqualTo(1_000_000 - 12_001);
    }

    @Test
    void remainingCountsDownExactlyOnOneInstanceLeasesIncluded() {
        RedisRateLimiter a = instance(true);
        for (int i = 1; i <= 300; i++) {
            Decision decision = a.acquire(bucket, 300, WINDOW);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).as("remaining after request %d", i).isEqualTo(300 - i);
        }
        Decision refused = a.acquire(bucket, 300, WINDOW);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
    }

    @Test
    void aWindowHasExactlyOneFirstRefusalAcrossInstances() throws Exception {
        List<RedisRateLimiter> instances = List.of(instance(true), instance(true));
        List<Callable<Long>> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            RedisRateLimiter limiter = instances.get(t % 2);
            clients.add(() -> {
                long first = 0;
                for (int i = 0; i < 50; i++) {
                    first += limiter.acquire(bucket, 100, WINDOW).firstRefusal() ? 1 : 0;
                }
                return first;
            });
        }
        assertThat(Concurrently.run(clients).stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    }

    @Test
    void withRedisGoneDecisionsFallBackToThisProcessOrAreRefusedWhenFailingClosed() throws Exception {
        RedisRateLimiter open = instance(true);
        RedisRateLimiter closed = instance(false);
        assertThat(open.acquire(bucket, 5, WINDOW).allowed()).isTrue();
        redis.server().kill();
        try {
            assertThat(admitted(open, "other:" + bucket, 5, 8)).as("in-process counters, still exact").isEqualTo(5);
            assertThatThrownBy(() -> closed.acquire("other:" + bucket, 5, WINDOW))
                    .isInstanceOf(RedisRateLimiter.LimiterUnavailableException.class);
        } finally {
            redis.server().restart();
        }
    }
}
