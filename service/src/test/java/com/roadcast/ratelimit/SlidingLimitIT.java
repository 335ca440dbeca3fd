package com.roadcast.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.redis.RedisGuard;
import com.roadcast.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sliding limiter against a real redis-server, as two instances with leases would use it: exactly
 * the limit of concurrent demand, no window-long interval admitting more than the limit around a fixed
 * window's boundary (where fixed windows admit nearly twice the limit), and a truthful Retry-After.
 */
@Timeout(120)
class SlidingLimitIT {
    private static final Duration LEASE = Duration.ofMillis(100);
    @RegisterExtension
    static final RedisServer.Extension redis = RedisServer.perClass();
    @RegisterExtension
    final LimiterConnections connections = new LimiterConnections(redis);
    private final String bucket = "key:" + UUID.randomUUID() + ":predict";

    /** A new instance: its own connection pool and leases (blocks of up to 500 permits). */
    private RedisRateLimiter instance(Algorithm algorithm, Duration window) {
        return instance(connections.connect(), algorithm, window);
    }

    private static RedisRateLimiter instance(RedisGuard guard, Algorithm algorithm, Duration window) {
        Clock clock = Clock.systemUTC();
        return new RedisRateLimiter(guard, algorithm, "roadcast:test:", algorithm.local(clock, window), false, clock, 500,
                LEASE, window);
    }

    /** An admission: the wall-clock times just before the request was made and just after it was answered. */
    private record Admission(long before, long after) {}

    /**
     * The most admissions certainly within one interval of {@code window}: for each admission, those made
     * no earlier and answered less than a window after it was made. Whatever the threads' scheduling, this
     * never exceeds the most that truly fell into one interval, so exactness bounds it by the limit.
     */
    private static long mostInOneWindow(List<Admission> admissions, Duration window) {
        long most = 0;
        for (Admission first : admissions) {
            long inside = admissions.stream()
                    .filter(a -> a.before() >= first.before() && a.after() < first.before() + window.toMillis()).count();
            most = Math.max(most, inside);
        }
        return most;
    }

    /** Eight clients on two instances asking without pause from {@code start} for {@code lasting}. */
    private static List<Admission> hammer(List<RedisRateLimiter> instances, String bucket, long limit, Duration window,
            long start, Duration lasting) throws Exception {
        List<Callable<List<Admission>>> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            RedisRateLimiter limiter = instances.get(t % 2);
            clients.add(() -> {
                List<Admission> mine = new ArrayList<>();
                while (System.currentTimeMillis() < start) {
                    LockSupport.parkNanos(100_000); // kept: every client starts at the same wall-clock time
                }
                while (System.currentTimeMillis() < start + lasting.toMillis()) {
                    long before = System.currentTimeMillis();
                    if (limiter.acquire(bucket, limit, window).allowed()) {
                        mine.add(new Admission(before, System.currentTimeMillis()));
                    }
                    LockSupport.parkNanos(200_000); // kept: a client's pace, so the refusals do not starve the others
                }
                return mine;
            });
        }
        List<Admission> all = new ArrayList<>();
        Concurrently.run(clients).forEach(all::addAll);
        all.sort(Comparator.comparingLong(Admission::before));
        return all;
    }

    /** Hammering that starts half-way through a fixed window and lasts into the third. */
    private List<Admission> acrossABoundary(Algorithm algorithm, long limit, Duration window) throws Exception {
        List<RedisRateLimiter> instances = List.of(instance(algorithm, window), instance(algorithm, window));
        long millis = window.toMillis();
        long start = (System.currentTimeMillis() / millis + 1) * millis + millis / 2;
        return hammer(instances, algorithm + bucket, limit, window, start, Duration.ofMillis(millis * 2));
    }

    @Test
    void concurrentDemandOnTwoInstancesAdmitsExactlyTheLimit() throws Exception {
        Duration window = Duration.ofHours(1);
        List<RedisRateLimiter> instances = List.of(instance(Algorithm.SLIDING, window), instance(Algorithm.SLIDING, window));
        List<Callable<Long>> clients = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RedisRateLimiter limiter = instances.get(t % 2);
            clients.add(() -> {
                long allowed = 0;
                for (int i = 0; i < 2_000; i++) {
                    allowed += limiter.acquire(bucket, 20_000, window).allowed() ? 1 : 0;
                }
                return allowed;
            });
        }
        assertThat(Concurrently.run(clients).stream().mapToLong(Long::longValue).sum())
                .as("32,000 requests against a limit of 20,000").isEqualTo(20_000);
    }

    @Test
    void aroundAWindowBoundaryNoWindowLongIntervalAdmitsMoreThanTheLimit() throws Exception {
        Duration window = Duration.ofSeconds(2);
        List<Admission> sliding = acrossABoundary(Algorithm.SLIDING, 300, window);
        assertThat(mostInOneWindow(sliding, window)).as("sliding, leases included").isLessThanOrEqualTo(300);
        assertThat(sliding).as("permits freed after a window were spent again").hasSizeGreaterThan(500);
        List<Admission> fixed = acrossABoundary(Algorithm.FIXED, 300, window);
        assertThat(mostInOneWindow(fixed, window)).as("fixed windows, the same demand").isGreaterThan(500);
    }

    /**
     * A busy key whose blocks outlast the lease time (a decision every 0.5 ms, 100 ms leases) has its
     * lease refilled on the limiter's own thread before it expires: its leased permits may be spent only
     * until then, and without the refill ahead each expiry is met by a request that waits for Redis.
     */
    @Test
    void aBusyKeysLeaseIsRefilledBeforeItExpiresSoItsRequestsDoNotWaitForRedis() {
        Duration window = Duration.ofHours(1);
        RedisGuard guard = connections.connect();
        List<String> callers = Collections.synchronizedList(new ArrayList<>());
        LeasedLimitIT.onEachCall(guard, () -> callers.add(Thread.currentThread().getName()));
        RedisRateLimiter a = instance(guard, Algorithm.SLIDING, window);
        assertThat(paced(a, window, 2_000)).as("warm-up: the blocks grow").isEqualTo(2_000);
        callers.clear();
        assertThat(paced(a, window, 4_000)).isEqualTo(4_000);
        List<String> calls = List.copyOf(callers);
        long byRequests = calls.stream().filter(Thread.currentThread().getName()::equals).count();
        assertThat(calls).as("script calls for 4,000 decisions over 20 or more lease times").hasSizeBetween(10, 400);
        assertThat(byRequests).as("of %d script calls (%s), made by the requesting thread", calls.size(), calls)
                .isLessThanOrEqualTo(calls.size() / 10);
    }

    private long paced(RateLimiter limiter, Duration window, int requests) {
        long allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += limiter.acquire(bucket, 1_000_000, window).allowed() ? 1 : 0;
            LockSupport.parkNanos(500_000); // kept: the requests' pace is the demand under test
        }
        return allowed;
    }

    @Test
    void aRefusalsRetryAfterIsWhenAPermitFreesUp() {
        Duration window = Duration.ofSeconds(3);
        RedisRateLimiter a = instance(Algorithm.SLIDING, window);
        RedisRateLimiter b = instance(Algorithm.SLIDING, window);
        for (int i = 0; i < 5; i++) {
            assertThat((i % 2 == 0 ? a : b).acquire(bucket, 5, window).allowed()).isTrue();
        }
        Decision refused = b.acquire(bucket, 5, window);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.firstRefusal()).isTrue();
        assertThat(refused.resetSeconds()).isBetween(1L, 3L);
        LockSupport.parkNanos(Duration.ofSeconds(refused.resetSeconds()).toNanos()); // kept: the client's Retry-After
        Decision retried = a.acquire(bucket, 5, window);
        assertThat(retried.allowed()).as("retried after %d s", refused.resetSeconds()).isTrue();
    }
}
