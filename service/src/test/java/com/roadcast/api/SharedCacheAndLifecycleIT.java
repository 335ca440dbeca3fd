package com.roadcast.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TwoInstances;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real instances on one real Redis: the cache is shared and cleared everywhere, concurrent misses
 * compute once, and Redis faults and model swaps under traffic fail no request.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedCacheAndLifecycleIT {
    private static final Map<String, Object> REQUEST = Map.of("horizons", List.of(3, 6), "nodes", List.of("773869"));
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    /** model.bundlesDir of both instances: reloads load only from under it. */
    private static final Path BUNDLES = Repo.file("service/target/it-bundles/" + java.util.UUID.randomUUID());
    @RegisterExtension
    static final TwoInstances both = TwoInstances.alike("cache.lockWait", "2s", "model.bundlesDir", BUNDLES.toString());
    private static TestApp a;
    private static TestApp b;
    private static ApiClient clientA;
    private static ApiClient clientB;
    private static int nextRow = 1450;

    @BeforeAll
    static void start() throws Exception {
        a = both.first();
        b = both.second();
        String key = a.createKey("admin", "internal");
        clientA = a.client(key);
        clientB = b.client(key);
        assertThat(clientA.post("/v1/observations", LosLoop.batch(nextRow, 12)).status()).isEqualTo(202);
        nextRow += 12;
    }

    private static Reply task(TestApp app, String task) {
        return app.adminClient().send(app.adminClient().builder("/tasks/" + task).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    @Order(1)
    void aForecastComputedByOneInstanceIsAHitOnTheOther() {
        Reply first = clientA.post("/v1/predict", REQUEST);
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        Reply onB = clientB.post("/v1/predict", REQUEST);
        assertThat(onB.header("X-Cache")).isEqualTo("HIT");
        assertThat(onB.header("X-Cache-Level")).isEqualTo("REDIS");
        assertThat(onB.json().get("cache_hit").asBoolean()).isTrue();
        assertThat(onB.json().get("predictions")).isEqualTo(first.json().get("predictions"));
        assertThat(clientB.post("/v1/predict", REQUEST).header("X-Cache-Level")).isEqualTo("LOCAL");
    }

    @Test
    @Order(2)
    void aCacheClearOnOneInstanceReachesAll() {
        clientB.post("/v1/predict", REQUEST);
        Reply cleared = task(a, "cache-clear");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("redis_cleared").asLong()).isPositive();
        Eventually.within(Duration.ofSeconds(1), () -> {
            Reply reply = clientB.post("/v1/predict", REQUEST);
            assertThat(reply.header("X-Cache")).isEqualTo("MISS");
        });
        Reply stats = task(b, "cache-stats");
        assertThat(stats.json().at("/requests/misses").asLong()).isPositive();
        assertThat(stats.json().at("/redis/keys").asLong()).isPositive();
    }

    @Test
    @Order(3)
    void concurrentMissesOnBothInstancesComputeOnce() throws Exception {
        long recorded = inferences();
        assertThat(clientA.post("/v1/observations", LosLoop.batch(nextRow++, 1)).status()).isEqualTo(202);
        // the instance that stored the step makes the window's forecast of record at once, unasked
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(inferences()).isEqualTo(recorded + 1));
        long before = inferences();
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ApiClient client = i % 2 == 0 ? clientA : clientB;
                replies.add(pool.submit(() -> {
                    go.await();
                    return client.post("/v1/predict", Map.of("horizons", List.of(1, 2, 3)));
                }));
            }
            go.countDown();
            int misses = 0;
            for (Future<Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                misses += "MISS".equals(reply.get().header("X-Cache")) ? 1 : 0;
            }
            assertThat(misses).isEqualTo(1);
            // none when A answered the miss (its engine holds the record's forecast), one when B did
            assertThat(inferences() - before).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long inferences() {
        return a.metrics().timer("roadcast.inference").getCount() + b.metrics().timer("roadcast.inference").getCount();
    }

    @Test
    @Order(4)
    void redisKilledAndRestartedEmptyMidTrafficFailsNoRequest() throws Exception {
        underLoad(failures -> {
            try {
                // kept: the fault's timing is the scenario (traffic, 1 s down, traffic after the restart)
                Thread.sleep(300);
                both.redis().kill();
                Thread.sleep(1000);
                both.redis().restart();
                Thread.sleep(1500);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.within(Duration.ofSeconds(3), () ->
                assertThat(a.adminClient().get("/healthcheck").json().at("/redis/healthy").asBoolean()).isTrue());
        Reply after = clientB.post("/v1/predict", REQUEST);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("data_as_of").asText()).isNotBlank();
    }

    @Test
    @Order(5)
    void goodAndCorruptBundlesSwappedUnderTrafficFailNoRequest() throws Exception {
        Path good = bundleCopy("good", "test-2");
        Path corrupt = bundleCopy("corrupt", "test-3");
        Files.write(corrupt.resolve("model.onnx"), new byte[] {1, 2, 3});
        underLoad(failures -> {
            Reply loaded = task(a, "model-reload?path=" + good);
            assertThat(loaded.status()).as(loaded.raw().body()).isEqualTo(200);
            Reply rejected = task(a, "model-reload?path=" + corrupt);
            assertThat(rejected.status()).isGreaterThanOrEqualTo(400);
            assertThat(rejected.raw().body()).contains("see the service log").doesNotContain("checksum", "at com.");
        });
        assertThat(clientA.get("/v1/model").json().get("version").asText()).isEqualTo("test-2");
        Eventually.within(Duration.ofSeconds(1), () ->
                assertThat(clientB.get("/v1/model").json().get("version").asText()).isEqualTo("test-2"));
        assertThat(clientA.post("/v1/predict", REQUEST).json().at("/model/version").asText()).isEqualTo("test-2");

        Reply rolledBack = task(a, "model-rollback");
        assertThat(rolledBack.status()).isEqualTo(200);
        String original = MAPPER.readTree(Repo.file("models/model.json").toFile()).get("version").asText();
        assertThat(clientA.get("/v1/model").json().get("version").asText()).isEqualTo(original);
        Eventually.within(Duration.ofSeconds(1), () ->
                assertThat(clientB.get("/v1/model").json().get("version").asText()).isEqualTo(original));
    }

    private static Path bundleCopy(String name, String version) throws Exception {
        Path dir = Files.createDirectories(BUNDLES.resolve(name));
        Files.copy(Repo.file("models/model.onnx"), dir.resolve("model.onnx"));
        ObjectNode meta = (ObjectNode) MAPPER.readTree(Repo.file("models/model.json").toFile());
        meta.put("version", version);
        MAPPER.writeValue(dir.resolve("model.json").toFile(), meta);
        return dir;
    }

    /** Runs {@code action} while 4 clients predict on both instances; asserts every answer was a 200. */
    private static void underLoad(Consumer<AtomicInteger> action) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            ApiClient client = i % 2 == 0 ? clientA : clientB;
            pool.submit(() -> {
                int n = 0;
                while (running.get() && n++ < 5000) {
                    Reply reply = client.post("/v1/predict", Map.of("horizons", List.of(1 + n % 12)));
                    requests.incrementAndGet();
                    if (reply.status() != 200) {
                        failures.incrementAndGet();
                        seen.add(reply.status() + " " + reply.raw().body());
                    }
                }
            });
        }
        try {
            action.accept(failures);
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(requests.get()).isPositive();
        assertThat(seen).as("failed requests out of %d", requests.get()).isEmpty();
    }
}
