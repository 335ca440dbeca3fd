package com.roadcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The retraining loop, with the real script: a service serving a bundle trained for a made-up network of 8
 * sensors (15-minute steps, Berlin) receives four days of readings through the API, up to now; the retrain job
 * refuses while the history is shorter than asked or the graph names a sensor the service lacks, then exports
 * the history (in several requests), trains, checks and installs a dated bundle under the bundles directory
 * and loads it as the shadow, never serving it. After more readings the shadow is scored on exactly the
 * serving model's pairs; promoted, it serves; rolled back, the first model serves again.
 */
@Timeout(300)
class RetrainIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Duration STEP = Duration.ofMinutes(15);
    private static final int TRAIN_ROWS = 3 * 96;
    private static final int HISTORY_ROWS = 4 * 96;
    /** Steps ingested one at a time once the shadow runs: 12 windows' worth of scored targets at every horizon. */
    private static final int LIVE_ROWS = 24;
    private static final int ROWS = TRAIN_ROWS + HISTORY_ROWS + LIVE_ROWS;
    private static final List<String> TRAIN_OPTIONS = List.of("--epochs", "1", "--members", "1", "--val-steps", "48",
            "--no-ablation");

    @Test
    void retrainsOnItsOwnHistoryAndLoadsTheResultAsTheShadowOnly() throws Exception {
        ZonedDateTime last = ZonedDateTime.now(ZoneId.of("Europe/Berlin")).truncatedTo(ChronoUnit.HOURS).minus(STEP);
        SyntheticNetwork network = new SyntheticNetwork(8, last.minus(STEP.multipliedBy(ROWS - 1)), STEP, ROWS, 20261206L);
        Path dir = Files.createTempDirectory("roadcast-retrain");
        Path retrained = Files.createDirectories(dir.resolve("retrained"));
        Path networkDir = Files.createDirectories(dir.resolve("network"));
        network.train(dir, dir.resolve("bundle"), TRAIN_ROWS, concat(TRAIN_OPTIONS, "--version", "first")
                .toArray(String[]::new));
        network.writeEdges(networkDir.resolve("adjacency.csv"));
        try (TestApp app = TestApp.start("model.bundle", dir.resolve("bundle").toString(),
                "model.bundlesDir", dir.toString())) {
            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            String readKey = app.createKey("read", "internal");
            ApiClient read = app.client(readKey);
            for (int row = TRAIN_ROWS; row < TRAIN_ROWS + HISTORY_ROWS; row += 96) {
                ingest(ingest, network, row, 96);
            }
            Map<String, String> env = environment(app, readKey, networkDir, retrained, dir.resolve("work"));

            Outcome refused = retrain(env, List.of("--days", "6", "--min-days", "5"));
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
            assertThat(refused.output()).contains("retrain: error: too little history: 384 stored steps of 15 minutes "
                    + "cover 4.00 days; need 5.0");
            assertThat(retrained).isEmptyDirectory();

            Map<String, String> wrongGraph = new HashMap<>(env);
            wrongGraph.put("ROADCAST_NETWORK_DIR", Files.createDirectories(dir.resolve("wrong")).toString());
            Files.writeString(dir.resolve("wrong/adjacency.csv"), "from,to,weight\ns01,s99,1\n");
            Outcome failed = retrain(wrongGraph, concat(List.of("--days", "6", "--min-days", "3", "--"),
                    TRAIN_OPTIONS.toArray(String[]::new)));
            assertThat(failed.exitCode()).as(failed.output()).isEqualTo(5);
            assertThat(failed.output()).contains("retrain: error: training failed (exit 2): train.py: error: ", "s99");
            assertThat(retrained).isEmptyDirectory();

            Outcome done = retrain(env, concat(List.of("--days", "6", "--min-days", "3", "--chunk-days", "2", "--"),
                    TRAIN_OPTIONS.toArray(String[]::new)));
            assertThat(done.exitCode()).as(done.output()).isZero();
            assertThat(done.output()).contains("exported 384 stored steps of 8 sensors", "in 3 request(s)",
                    "locations of 8 sensors from GET /v1/nodes", "shadow loaded");
            Path installed = onlyDirectory(retrained);
            String candidate = installed.getFileName().toString();
            JsonNode meta = MAPPER.readTree(installed.resolve("model.json").toFile());
            assertThat(meta.get("version").asText()).isEqualTo(candidate).endsWith("-retrain");
            assertThat(OffsetDateTime.parse(meta.at("/training_period/end").asText()).toInstant())
                    .as("trained up to the newest stored step").isEqualTo(network.time(TRAIN_ROWS + HISTORY_ROWS - 1).toInstant());
            assertThat(meta.at("/nodes/7/latitude").asDouble()).as("the serving catalog's coordinates")
                    .isCloseTo(52.57, within(1e-9));
            assertThat(version(read)).as("a shadow never serves by itself").isEqualTo("first");

            for (int row = TRAIN_ROWS + HISTORY_ROWS; row < ROWS; row++) {
                ingest(ingest, network, row, 1);
            }
            String range = "/v1/model/accuracy?from=" + encoded(network.time(TRAIN_ROWS + HISTORY_ROWS + 12))
                    + "&to=" + encoded(network.time(ROWS - 1));
            Eventually.within(Duration.ofSeconds(30), () -> {
                JsonNode report = read.get(range).json();
                assertThat(report.at("/model/version").asText()).isEqualTo("first");
                assertThat(report.at("/shadow/model/version").asText()).isEqualTo(candidate);
                for (int h = 0; h < 12; h++) {
                    long count = report.at("/horizons/" + h + "/count").asLong();
                    assertThat(count).as("horizon %d", h + 1).isEqualTo(8L * (LIVE_ROWS - 12));
                    assertThat(report.at("/shadow/horizons/" + h + "/count").asLong()).isEqualTo(count);
                    assertThat(report.at("/shadow/horizons/" + h + "/mae").asDouble()).isPositive();
                }
            });
            assertThat(app.adminClient().get("/metrics").raw().body())
                    .contains("roadcast_forecast_mae_mph{horizon=\"12\",role=\"shadow\"}");

            assertThat(task(app, "model-promote").status()).isEqualTo(200);
            assertThat(version(read)).isEqualTo(candidate);
            assertThat(read.get(range).json().get("shadow").isNull()).isTrue();
            assertThat(read.post("/v1/predict", Map.of()).json().get("predictions")).hasSize(8);
            assertThat(task(app, "model-rollback").status()).isEqualTo(200);
            assertThat(version(read)).isEqualTo("first");
        }
    }

    private static void ingest(ApiClient client, SyntheticNetwork network, int first, int count) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int row = first; row < first + count; row++) {
            Map<String, Double> speeds = new LinkedHashMap<>();
            for (int s = 0; s < network.ids.size(); s++) {
                speeds.put(network.ids.get(s), (double) (float) network.speeds[row][s]);
            }
            steps.add(Map.of("timestamp", network.time(row).toOffsetDateTime().toString(), "speeds", speeds));
        }
        ApiClient.Reply stored = client.post("/v1/observations", Map.of("observations", steps));
        assertThat(stored.status()).as(stored.raw().body()).isEqualTo(202);
    }

    private static Map<String, String> environment(TestApp app, String readKey, Path network, Path retrained, Path work) {
        return Map.of("ROADCAST_READ_KEY", readKey, "ROADCAST_API_URL", app.base().toString(),
                "ROADCAST_ADMIN_URL", app.admin().toString(), "ROADCAST_NETWORK_DIR", network.toString(),
                "ROADCAST_RETRAINED_DIR", retrained.toString(), "ROADCAST_RETRAIN_WORK", work.toString(),
                "OMP_WAIT_POLICY", "PASSIVE");
    }

    private record Outcome(int exitCode, String output) {}

    /** The retrain script as the unit runs it, with {@code env} as its environment file. */
    private static Outcome retrain(Map<String, String> env, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", Repo.file("training/retrain.py").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(150, TimeUnit.SECONDS)).as(output).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    private static Path onlyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static ApiClient.Reply task(TestApp app, String name) {
        ApiClient admin = app.adminClient();
        return admin.send(admin.builder("/tasks/" + name).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String version(ApiClient client) {
        return client.get("/v1/model").json().get("version").asText();
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static String encoded(ZonedDateTime time) {
        return URLEncoder.encode(time.toOffsetDateTime().toString(), StandardCharsets.UTF_8);
    }
}
