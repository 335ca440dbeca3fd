package com.roadcast.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded default's cache expires entries, and reloading the model over and over leaks nothing. */
@Timeout(300)
class CacheExpiryAndModelMemoryIT {
    private static TestApp app;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        app = TestApp.start("cache.ttl", "1s");
        client = app.client(app.createKey("admin", "internal"));
        assertThat(client.post("/v1/observations", LosLoop.batch(1500, 12)).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void entriesExpireAfterTheirTtl() throws Exception {
        Map<String, Object> request = Map.of("horizons", List.of(4));
        client.post("/v1/predict", request);
        assertThat(client.post("/v1/predict", request).header("X-Cache")).isEqualTo("HIT");
        Eventually.within(Duration.ofSeconds(2), () ->
                assertThat(client.post("/v1/predict", request).header("X-Cache")).isEqualTo("MISS"));
    }

    /**
     * After 100 warm-up reloads (the heap and malloc arenas settle), 100 more must not grow the process:
     * a leaked session or model buffer (over 1 MB each) would add well over 100 MB.
     */
    @Test
    void a100ReloadsDoNotGrowTheProcess() throws Exception {
        for (int i = 0; i < 100; i++) {
            reload();
        }
        long before = residentKb();
        for (int i = 0; i < 100; i++) {
            reload();
            if (i % 10 == 0) {
                assertThat(client.post("/v1/predict", Map.of("horizons", List.of(1 + i % 12))).status()).isEqualTo(200);
            }
        }
        long growthMb = (residentKb() - before) / 1024;
        System.out.printf("resident set growth over 100 reloads: %d MB%n", growthMb);
        assertThat(growthMb).as("RSS growth over 100 reloads (MB)").isLessThan(64);
    }

    private static void reload() {
        ApiClient admin = app.adminClient();
        Reply reply = admin.send(admin.builder("/tasks/model-reload").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    /** Resident set of this JVM (the app runs in it) after a full GC, from /proc. */
    private static long residentKb() throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // kept: lets a collection's cleanup (freed native buffers) settle; no state to wait for
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
