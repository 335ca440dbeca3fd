package com.roadcast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Redis frozen (SIGSTOP), busy ({@code DEBUG SLEEP}) and killed and restarted empty, while clients read
 * forecasts and nodes and a feed ingests steps: no request fails, none waits longer than the configured
 * Redis timeouts allow, the Redis health check goes unhealthy (degraded) and back by itself, and every
 * step answered 202 is still there afterwards (the feed was told 503 for the others, and retried).
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFaultIT {
    /** redis.timeout for the instance: each Redis call waits at most this for a connection, then for an answer. */
    private static final long REDIS_TIMEOUT_MS = 250;
    /** redis.retryAfter: after a failure, calls skip Redis this long. */
    private static final long RETRY_AFTER_MS = 1000;
    /**
     * The slowest answer allowed while Redis hangs: a request makes at most two Redis calls before the
     * guard trips (each waiting for a pooled connection, then for the reply), plus time to compute the
     * forecast on a busy shared 2-core machine. Far under the fault's length: nobody waits Redis out.
     */
    private static final long LATENCY_BOUND_MS = 2 * 2 * REDIS_TIMEOUT_MS + 500;
    private static final long FAULT_MS = 3000;
    private static final int STEPS_PER_SCENARIO = 12;
    @RegisterExtension
    static final RedisServer.Extension redisServer = RedisServer.perClass("--enable-debug-command", "yes");
    private static RedisServer redis;
    private static TestApp app;
    private static ApiClient client;
    private static int nextRow = 1000;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        redis = redisServer.server();
        app = TestApp.withRedis(redis, temp.resolve("keys.json"), "redis.timeout", REDIS_TIMEOUT_MS + "ms",
                "redis.retryAfter", RETRY_AFTER_MS + "ms");
        client = app.client(app.createKey("admin", "internal"));
        assertThat(client.post("/v1/observations", LosLoop.batch(nextRow, 12)).status()).isEqualTo(202);
        nextRow += 12;
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    @Order(1)
    void redisFrozenBySigstop() throws Exception {
        scenario("redis-sigstop", () -> {
            redis.pause();
            try {
                TimeUnit.MILLISECONDS.sleep(FAULT_MS); // kept: the fault's length is the scenario
            } finally {
                redis.resume();
            }
        });
    }

    @Test
    @Order(2)
    void redisBusyInDebugSleep() throws Exception {
        scenario("redis-debug-sleep", () -> {
            try (Jedis operator = redis.operator((int) FAULT_MS * 3)) {
                operator.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", Double.toString(FAULT_MS / 1000.0));
            }
        });
    }

    @Test
    @Order(3)
    void redisKilledAndRestartedEmpty() throws Exception {
        scenario("redis-killed-restarted-empty", () -> {
            redis.kill();
            TimeUnit.MILLISECONDS.sleep(FAULT_MS); // kept: the fault's length is the scenario
            redis.restart();
        });
    }

    /** What a fault does to the Redis server; returns when the fault is over. */
    private interface Fault {
        void inject() throws Exception;
    }

    private static void scenario(String name, Fault fault) throws Exception {
        IngestLedger feed = new IngestLedger(client, nextRow, STEPS_PER_SCENARIO);
        nextRow += STEPS_PER_SCENARIO;
        String node = LosLoop.sensors().get(0);
        Load.Summary load;
        long healthyAfterMs;
        try (HealthWatch health = new HealthWatch(app.adminClient(), "redis");
                Load clients = new Load(3, 20_000, 200, n -> n % 3 == 0 ? client.get("/v1/nodes/" + node)
                        : client.post("/v1/predict", Map.of("horizons", List.of(1 + n % 12))))) {
            CompletableFuture<Void> ingest = feed.runEvery(150);
            TimeUnit.MILLISECONDS.sleep(400); // kept: traffic and the feed run a while before the fault
            long faultStart = System.nanoTime();
            fault.inject();
            long faultEnd = System.nanoTime();
            ingest.get(60, TimeUnit.SECONDS);
            Eventually.within(Duration.ofSeconds(10), () ->
                    assertThat(health.healthyAgainMillis(faultEnd)).isNotNegative());
            load = clients.stop();
            assertThat(health.sawUnhealthySince(faultStart)).as("Redis health check unhealthy during the fault").isTrue();
            healthyAfterMs = health.healthyAgainMillis(faultEnd);
        }
        int lost = feed.lostSteps();
        System.out.printf("RELIABILITY %s: fault %d ms; %d requests %s, %d failed, max latency %d ms (ingest %d ms, "
                        + "bound %d ms); %s; lost %d; Redis healthy %d ms after the fault ended%n",
                name, FAULT_MS, load.requests(), load.statuses(), load.failures().size(), load.maxLatencyMillis(),
                feed.maxLatencyMillis(), LATENCY_BOUND_MS, feed.summary(), lost, healthyAfterMs);
        assertThat(load.failures()).as("failed requests out of %d", load.requests()).isEmpty();
        assertThat(load.count(200)).isPositive();
        assertThat(lost).as("accepted steps lost").isZero();
        assertThat(feed.refusals()).as("the feed felt the fault (503 while Redis was away)").isPositive();
        assertThat(load.maxLatencyMillis()).as("slowest read").isLessThan(LATENCY_BOUND_MS);
        assertThat(feed.maxLatencyMillis()).as("slowest ingest").isLessThan(LATENCY_BOUND_MS);
        assertThat(healthyAfterMs).as("recovery").isLessThan(RETRY_AFTER_MS + 2 * REDIS_TIMEOUT_MS + 1000);
    }
}
