package com.roadcast.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin port's /metrics speaks the Prometheus text format that promtool accepts, after real traffic. */
@Timeout(120)
class PrometheusMetricsTest {
    @TempDir
    Path temp;

    @Test
    void metricsAreServedInPrometheusFormatAndPassPromtool() throws Exception {
        try (TestApp app = TestApp.start()) {
            ApiClient client = app.client(app.createKey("ingest", "internal"));
            assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
            for (int i = 0; i < 3; i++) {
                assertThat(client.post("/v1/predict", Map.of("horizons", List.of(3))).status()).isEqualTo(200);
            }
            ApiClient.Reply scrape = app.adminClient().get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type")).startsWith("text/plain");
            String text = scrape.raw().body();
            assertThat(text).contains("# TYPE roadcast_inference").contains("roadcast_cache_served_local")
                    .contains("roadcast_cache_served_miss").contains("jvm_memory_used_bytes");
            assertThat(text.lines().filter(l -> l.startsWith("roadcast_cache_served_miss")).findFirst().orElseThrow())
                    .endsWith(" 1.0");

            Path file = temp.resolve("scrape.txt");
            Files.writeString(file, text);
            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("promtool check metrics: " + (verdict.isBlank() ? "clean" : verdict));
            assertThat(promtool.exitValue()).as(verdict).isZero();
        }
    }
}
