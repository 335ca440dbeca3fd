package com.roadcast.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.observation.RedisObservationHistory;
import com.roadcast.observation.Step;
import com.roadcast.redis.RedisFactory;
import com.roadcast.redis.RedisGuard;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * A Redis primary, a replica and three Sentinels on loopback; the primary is killed under load. The
 * service follows the failover with zero failed forecasts, and every observation it acknowledged is
 * in the new primary's window. An ingest answered 503 during the failover is retried, as a client
 * would; "already recorded" then means the first try survived.
 */
@Timeout(180)
class SentinelFailoverIT {
    private static final String MASTER = "roadcast";

    @Test
    void followsAFailoverWithoutFailingRequestsOrLosingAcceptedSteps() throws Exception {
        try (RedisServer primary = RedisServer.withoutAcl(List.of());
                RedisServer replica = RedisServer.withoutAcl(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
                RedisServer s1 = RedisServer.sentinel(MASTER, primary.port());
                RedisServer s2 = RedisServer.sentinel(MASTER, primary.port());
                RedisServer s3 = RedisServer.sentinel(MASTER, primary.port())) {
            Eventually.within(Duration.ofSeconds(20), () -> {
                try (Jedis sentinel = new Jedis("127.0.0.1", s1.port()); Jedis main = new Jedis("127.0.0.1", primary.port())) {
                    assertThat(sentinel.sentinelReplicas(MASTER)).hasSize(1);
                    assertThat(sentinel.sentinelSentinels(MASTER)).hasSize(2);
                    assertThat(main.info("replication")).contains("state=online");
                }
            });
            String url = "redis-sentinel://127.0.0.1:" + s1.port() + ",127.0.0.1:" + s2.port() + ",127.0.0.1:"
                    + s3.port() + "/" + MASTER;
            try (TestApp app = TestApp.start("redis.url", url)) {
                ApiClient client = app.client(app.createKey("admin", "internal"));
                // a just-connected replica may not confirm the very first write in time (503): retried as a
                // client would, until acknowledged or answered "already recorded" (the first try survived)
                Eventually.within(Duration.ofSeconds(20), () -> {
                    Reply first = client.post("/v1/observations", LosLoop.batch(1400, 12));
                    boolean survivedEarlierTry = first.status() == 422
                            && first.json().get("message").asText().contains("already recorded");
                    assertThat(first.status() == 202 || survivedEarlierTry).as(first.raw().body()).isTrue();
                });
                List<Instant> accepted = Collections.synchronizedList(new ArrayList<>());
                List<String> failedForecasts = Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService pool = Executors.newFixedThreadPool(3);
                for (int i = 0; i < 2; i++) {
                    pool.submit(() -> {
                        for (int n = 0; running.get() && n < 20_000; n++) {
                            Reply reply = client.post("/v1/predict", Map.of("horizons", List.of(1 + n % 12)));
                            if (reply.status() != 200) {
                                failedForecasts.add(reply.status() + " " + reply.raw().body());
                            }
                        }
                    });
                }
                pool.submit(() -> {
                    for (int row = 1412; running.get() && row < 1600; row++) {
                        Reply reply = client.post("/v1/observations", LosLoop.batch(row, 1));
                        boolean survivedEarlierTry = reply.status() == 422
                                && reply.json().get("message").asText().contains("already recorded");
                        if (reply.status() == 202 || survivedEarlierTry) {
                            accepted.add(LosLoop.time(row).toInstant());
                        } else {
                            row--;
                            sleep(100); // kept: the feed's pace (a retry, then a step every 50 ms)
                        }
                        sleep(50);
                    }
                });
                sleep(1000); // kept: a second of traffic before the primary is killed, part of the scenario
                Instant killedAt = Instant.now();
                primary.kill();
                Eventually.within(Duration.ofSeconds(30), () -> {
                    synchronized (accepted) {
                        assertThat(accepted).as("an observation accepted after the failover").isNotEmpty();
                        assertThat(accepted.get(accepted.size() - 1)).isAfter(
                                LosLoop.time(1412).toInstant().plusSeconds(300L * (accepted.size() - 1) - 1));
                    }
                    assertThat(Instant.now()).isAfter(killedAt.plusSeconds(5));
                });
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                assertThat(failedForecasts).isEmpty();
                assertNothingAcceptedWasLost(url, accepted);
            }
        }
    }

    /**
     * Every acknowledged step still young enough for the window is in the new primary's window (a step
     * answered 503 may have been stored too, and can push older ones out: that is the window's rule).
     */
    private static void assertNothingAcceptedWasLost(String url, List<Instant> accepted) throws Exception {
        RedisFactory factory = Jackson.newObjectMapper().readValue("{\"url\":\"" + url + "\"}", RedisFactory.class);
        RedisGuard guard = factory.connect(Clock.systemUTC());
        try {
            List<Instant> stored = new RedisObservationHistory(guard, factory.getKeyPrefix(), 12, java.time.Duration.ofDays(30), Clock.systemUTC(),
                    Optional.empty(), Duration.ZERO).snapshot().steps().stream().map(Step::time).toList();
            assertThat(stored).hasSize(12);
            List<Instant> young = accepted.stream().filter(t -> !t.isBefore(stored.get(0))).toList();
            assertThat(young).contains(accepted.get(accepted.size() - 1));
            assertThat(stored).containsAll(young);
        } finally {
            guard.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
