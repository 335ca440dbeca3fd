package com.roadcast.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TwoInstances;
import io.dropwizard.jackson.Jackson;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shadow model on two instances sharing Redis: loaded through one instance's admin task, it runs on
 * every new window on both (also on one restarted meanwhile), is scored over the same pairs as the serving model, shows in the metrics
 * with {@code role="shadow"}, and is promoted and rolled back under load with no failed request.
 */
@Timeout(300)
class ShadowModelIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Path BUNDLES = bundles();

    @RegisterExtension
    static final TwoInstances BOTH = TwoInstances.alike("model.bundlesDir", BUNDLES.toString());

    private static Path bundles() {
        try {
            Path dir = Files.createTempDirectory("shadow-bundles");
            Path bundle = Files.createDirectories(dir.resolve("candidate"));
            Files.copy(Repo.file("models/model.onnx"), bundle.resolve("model.onnx"));
            ObjectNode meta = (ObjectNode) MAPPER.readTree(Repo.file("models/model.json").toFile());
            meta.put("version", "shadow-2");
            MAPPER.writeValue(bundle.resolve("model.json").toFile(), meta);
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiClient.Reply task(TestApp app, String name) {
        ApiClient admin = app.adminClient();
        return admin.send(admin.builder("/tasks/" + name).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String version(ApiClient client) {
        return client.get("/v1/model").json().get("version").asText();
    }

    @Test
    void aShadowIsScoredOnTheSamePairsThenPromotedAndRolledBackUnderLoad() throws Exception {
        TestApp first = BOTH.first();
        TestApp second = BOTH.second();
        ApiClient ingest = first.client(first.createKey("ingest", "internal"));
        ApiClient readFirst = first.client(first.createKey("read", "internal"));
        String secondKey = second.createKey("read", "internal");
        String serving = version(readFirst);

        assertThat(task(first, "model-shadow").status()).as("a path is required").isEqualTo(400);
        assertThat(task(first, "model-promote").status()).as("nothing to promote").isEqualTo(409);
        assertThat(task(first, "model-shadow?path=" + URLEncoder.encode(BUNDLES.resolve("missing").toString(),
                StandardCharsets.UTF_8)).status()).isEqualTo(422);
        ApiClient.Reply loaded = task(first, "model-shadow?path="
                + URLEncoder.encode(BUNDLES.resolve("candidate").toString(), StandardCharsets.UTF_8));
        assertThat(loaded.status()).as(loaded.raw().body()).isEqualTo(200);
        assertThat(loaded.json().get("version").asText()).isEqualTo("shadow-2");
        second.stop();
        second.startAgain();
        ApiClient readSecond = second.client(secondKey);
        assertThat(readSecond.get(AccuracyReplay.range()).json().at("/shadow/model/version").asText())
                .as("an instance started later runs the shadow the others run").isEqualTo("shadow-2");

        AccuracyReplay replay = AccuracyReplay.run(ingest, List.of(readFirst, readSecond));
        for (ApiClient reader : List.of(readFirst, readSecond)) {
            Eventually.within(Duration.ofSeconds(30), () -> {
                JsonNode report = reader.get(AccuracyReplay.range()).json();
                assertThat(report.at("/model/version").asText()).isEqualTo(serving);
                assertThat(report.at("/shadow/model/version").asText()).isEqualTo("shadow-2");
                for (int h = 0; h < 12; h++) {
                    long count = report.at("/horizons/" + h + "/count").asLong();
                    assertThat(count).isPositive();
                    assertThat(report.at("/shadow/horizons/" + h + "/count").asLong()).as("horizon %d", h + 1).isEqualTo(count);
                    assertThat(report.at("/shadow/horizons/" + h + "/mae").asDouble())
                            .as("the same network twice").isEqualTo(report.at("/horizons/" + h + "/mae").asDouble());
                }
            });
        }
        replay.assertAccuracyMatches(readSecond);
        String metrics = second.adminClient().get("/metrics").raw().body();
        assertThat(metrics).contains("roadcast_forecast_mae_mph{horizon=\"12\",role=\"shadow\"}",
                "roadcast_forecast_mae_mph{horizon=\"12\",role=\"serving\"}");

        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            ApiClient client = t % 2 == 0 ? readFirst : readSecond;
            load.submit(() -> {
                for (int n = 0; running.get() && n < 5000; n++) {
                    int status = client.post("/v1/predict", Map.of("horizons", List.of(3, 12))).status();
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        try {
            assertThat(task(first, "model-promote").status()).isEqualTo(200);
            for (ApiClient reader : List.of(readFirst, readSecond)) {
                Eventually.within(Duration.ofSeconds(10), () -> assertThat(version(reader)).isEqualTo("shadow-2"));
            }
            assertThat(readSecond.get(AccuracyReplay.range()).json().get("shadow").isNull()).as("no shadow after promotion").isTrue();
            assertThat(task(second, "model-rollback").status()).isEqualTo(200);
            for (ApiClient reader : List.of(readFirst, readSecond)) {
                Eventually.within(Duration.ofSeconds(10), () -> assertThat(version(reader)).isEqualTo(serving));
            }
        } finally {
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(statuses.keySet()).as("statuses under promote and rollback: %s", statuses).containsOnly(200);
        assertThat(statuses.get(200).get()).isGreaterThan(20);
        assertThat(task(first, "model-shadow-drop").status()).as("no shadow left to drop").isEqualTo(409);
        assertThat(first.auditLog()).content().contains("model-shadow", "model-promote");
    }
}
