package com.roadcast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port's /metrics, after real traffic: the roadcast_ families count what the client saw, labels
 * are bounded (no key ids, node ids or raw paths), and promtool accepts the exposition.
 */
@Timeout(120)
class PrometheusMetricsIT {
    @TempDir
    Path temp;

    @Test
    void metricsCountRealTrafficWithBoundedLabelsAndPassPromtool() throws Exception {
        try (TestApp app = TestApp.start()) {
            String key = app.createKey("ingest", "internal");
            ApiClient client = app.client(key);
            assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
            String node = LosLoop.sensors().get(0);
            for (int i = 0; i < 3; i++) {
                assertThat(client.post("/v1/predict", Map.of("horizons", List.of(3))).status()).isEqualTo(200);
            }
            assertThat(client.post("/v1/nodes/" + node + "/predict", Map.of("horizons", List.of(3))).status())
                    .isEqualTo(200);
            assertThat(client.get("/v1/nodes/" + node).status()).isEqualTo(200);
            assertThat(client.get("/v1/no-such-thing/" + node).status()).isEqualTo(404);
            assertThat(client.withKey(key + "x").get("/v1/model").status()).isEqualTo(401);
            assertThat(client.withKey(null).get("/v1/model").status()).isEqualTo(401);

            ApiClient.Reply reply = app.adminClient().get("/metrics");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("text/plain");
            Scrape scrape = Scrape.of(reply.raw().body());

            String predict = "{method=\"POST\",route=\"/v1/predict\",status=\"2xx\"}";
            assertThat(scrape.valueOf("roadcast_http_requests_total" + predict)).isEqualTo(3);
            assertThat(scrape.valueOf("roadcast_http_request_duration_seconds_count" + predict)).isEqualTo(3);
            assertThat(scrape.valueOf("roadcast_http_request_duration_seconds_bucket"
                    + "{method=\"POST\",route=\"/v1/predict\",status=\"2xx\",le=\"+Inf\"}")).isEqualTo(3);
            assertThat(scrape.valueOf("roadcast_http_requests_total"
                    + "{method=\"POST\",route=\"/v1/nodes/{id}/predict\",status=\"2xx\"}")).isEqualTo(1);
            assertThat(scrape.valueOf("roadcast_http_requests_total"
                    + "{method=\"GET\",route=\"unmatched\",status=\"4xx\"}")).isEqualTo(1);
            assertThat(scrape.valueOf("roadcast_http_requests_total"
                    + "{method=\"GET\",route=\"/v1/model\",status=\"4xx\"}")).isEqualTo(2);
            assertThat(scrape.valueOf("roadcast_http_requests_total"
                    + "{method=\"POST\",route=\"/v1/predict\",status=\"5xx\"}")).as("initialised at start").isZero();
            assertThat(scrape.valueOf("roadcast_auth_failures_total{reason=\"invalid_key\"}")).isEqualTo(1);
            assertThat(scrape.valueOf("roadcast_auth_failures_total{reason=\"missing_key\"}")).isEqualTo(1);
            assertThat(scrape.valueOf("roadcast_inference_duration_seconds_count")).isEqualTo(1);
            assertThat(scrape.valueOf("roadcast_cache_lookups_total{level=\"local\",outcome=\"miss\"}")).isEqualTo(2);
            assertThat(scrape.valueOf("roadcast_cache_lookups_total{level=\"local\",outcome=\"hit\"}")).isEqualTo(2);
            assertThat(scrape.value("roadcast_cache_lookups_total{level=\"redis\",outcome=\"hit\"}"))
                    .as("no Redis level without Redis").isEmpty();
            assertThat(scrape.valueOf("roadcast_forecasts_served_total{cache_level=\"miss\"}")).isEqualTo(2);
            assertThat(scrape.valueOf("roadcast_forecasts_served_total{cache_level=\"local\"}")).isEqualTo(2);
            assertThat(scrape.valueOf("roadcast_observation_steps_ingested_total")).isEqualTo(12);
            assertThat(scrape.valueOf("roadcast_observation_window_steps")).isEqualTo(12);
            assertThat(scrape.valueOf("roadcast_observation_last_ingest_age_seconds")).isBetween(0.0, 60.0);
            assertThat(scrape.valueOf("roadcast_model_loaded")).isEqualTo(1);
            assertThat(scrape.samples().keySet()).anyMatch(s -> s.startsWith("roadcast_model_info{name=\"roadcast-"));
            assertThat(scrape.samples()).containsKey("jvm_memory_used_bytes{area=\"heap\"}");
            assertThat(scrape.samples().keySet()).anyMatch(s -> s.startsWith("jetty_handler_requests"));
            assertThat(scrape.samples().keySet()).anyMatch(s -> s.startsWith("process_cpu_seconds_total"));
            assertThat(scrape.samples().keySet()).as("Dropwizard's own roadcast.* metrics are replaced by native ones")
                    .noneMatch(s -> s.startsWith("roadcast_inference_count") || s.startsWith("roadcast_cache_served"));
            String keyId = key.split("_")[1];
            assertThat(scrape.samples().keySet()).as("labels stay bounded")
                    .noneMatch(s -> s.contains(node) || s.contains(keyId) || s.contains("no-such-thing"));

            Path file = temp.resolve("scrape.txt");
            Files.writeString(file, scrape.text());
            Promtool.Result lint = Promtool.run(file.toFile(), "check", "metrics");
            System.out.println("promtool check metrics: " + (lint.output().isBlank() ? "clean" : lint.output()));
            assertThat(lint.output()).as("promtool reports nothing").isBlank();
            assertThat(lint.exit()).isZero();
        }
    }
}
