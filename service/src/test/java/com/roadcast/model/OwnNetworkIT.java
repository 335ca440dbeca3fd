package com.roadcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A network of our own, end to end: 23 made-up sensors reporting every 15 minutes in Berlin for three weeks
 * are trained with the documented command, the service serves that bundle, and a day and a half held out
 * across the switch to summer time (a 23-hour day) is ingested one step at a time. Answers count minutes in
 * 15-minute steps, target times sit on the grid at the zone's offset on either side of the switch, and the
 * forecasts beat persistence, as {@code GET /v1/model/accuracy} reports too.
 */
@Timeout(240)
class OwnNetworkIT {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime START = ZonedDateTime.of(2024, 3, 9, 0, 0, 0, 0, BERLIN);
    private static final Duration STEP = Duration.ofMinutes(15);
    /** Saturday 2024-03-30 22:00 CET: the first held-out step. */
    private static final int TRAIN_ROWS = 21 * 96 + 88;
    /** To Monday 2024-04-01 09:45 CEST: 35 hours across the 23-hour Sunday. */
    private static final int ROWS = TRAIN_ROWS + 140;
    private final Map<Integer, Map<String, Double>> sent = new HashMap<>();
    private final Map<Integer, JsonNode> served = new HashMap<>();

    @Test
    void trainsServesAndBeatsPersistenceAcrossTheSwitchToSummerTime() throws Exception {
        SyntheticNetwork network = new SyntheticNetwork(23, START, STEP, ROWS, 20240331L);
        Path dir = Files.createTempDirectory("roadcast-network");
        Path bundle = train(network, dir);
        try (TestApp app = TestApp.start("model.bundle", bundle.toString(), "model.bundlesDir", dir.toString())) {
            ApiClient client = app.client(app.createKey("ingest", "internal"));
            JsonNode model = client.get("/v1/model").json();
            assertThat(model.get("interval_minutes").asInt()).isEqualTo(15);
            assertThat(model.get("timezone").asText()).isEqualTo("Europe/Berlin");
            assertThat(model.get("nodes").asInt()).isEqualTo(23);
            for (int row = TRAIN_ROWS - 11; row < ROWS; row++) {
                ingestAndAsk(client, network, row);
            }
            assertAnswersOnTheLocalGrid();
            double[][] expected = errors();
            for (int h : new int[] {3, 6, 9, 12}) {
                assertThat(expected[h - 1][1]).as("model MAE at horizon %d vs persistence", h)
                        .isLessThan(expected[h - 1][2]);
            }
            assertAccuracyReport(client, network, expected);
        }
    }

    private static Path train(SyntheticNetwork network, Path dir) throws Exception {
        Path bundle = dir.resolve("bundle");
        String output = network.train(dir, bundle, TRAIN_ROWS, "--epochs", "6", "--members", "1", "--val-steps", "192",
                "--no-ablation", "--version", "it");
        assertThat(output).contains("imputed");
        return bundle;
    }

    private void ingestAndAsk(ApiClient client, SyntheticNetwork network, int row) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        for (int s = 0; s < network.ids.size(); s++) {
            speeds.put(network.ids.get(s), (double) (float) network.speeds[row][s]);
        }
        String time = network.time(row).toOffsetDateTime().toString();
        ApiClient.Reply stored = client.post("/v1/observations",
                Map.of("observations", List.of(Map.of("timestamp", time, "speeds", speeds))));
        assertThat(stored.status()).as(stored.raw().body()).isEqualTo(202);
        sent.put(row, speeds);
        if (row >= TRAIN_ROWS) {
            ApiClient.Reply reply = client.post("/v1/predict", Map.of());
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
            assertThat(OffsetDateTime.parse(reply.json().get("data_as_of").asText()).toInstant())
                    .isEqualTo(network.time(row).toInstant());
            served.put(row, reply.json());
        }
    }

    private void assertAnswersOnTheLocalGrid() {
        Set<ZoneOffset> offsets = new HashSet<>();
        for (JsonNode answer : served.values()) {
            Instant asOf = OffsetDateTime.parse(answer.get("data_as_of").asText()).toInstant();
            for (JsonNode forecast : answer.at("/predictions/0/forecasts")) {
                int h = forecast.get("horizon").asInt();
                OffsetDateTime target = OffsetDateTime.parse(forecast.get("target_time").asText());
                assertThat(forecast.get("minutes").asInt()).isEqualTo(15 * h);
                assertThat(target.toInstant()).isEqualTo(asOf.plus(STEP.multipliedBy(h)));
                assertThat(target.getOffset()).isEqualTo(BERLIN.getRules().getOffset(target.toInstant()));
                assertThat(target.getMinute() % 15).isZero();
                assertThat(target.getSecond()).isZero();
                offsets.add(target.getOffset());
            }
        }
        assertThat(offsets).containsExactlyInAnyOrder(ZoneOffset.ofHours(1), ZoneOffset.ofHours(2));
    }

    /** Per horizon over the held-out targets: {count, model MAE, persistence MAE}. */
    private double[][] errors() {
        double[][] sums = new double[12][3];
        served.forEach((row, answer) -> {
            for (JsonNode prediction : answer.get("predictions")) {
                String sensor = prediction.get("node_id").asText();
                double last = sent.get(row).get(sensor);
                for (JsonNode forecast : prediction.get("forecasts")) {
                    int h = forecast.get("horizon").asInt();
                    Map<String, Double> actual = sent.get(row + h);
                    if (actual != null) {
                        sums[h - 1][0]++;
                        sums[h - 1][1] += Math.abs(forecast.get("speed_mph").asDouble() - actual.get(sensor));
                        sums[h - 1][2] += Math.abs(last - actual.get(sensor));
                    }
                }
            }
        });
        for (double[] s : sums) {
            s[1] /= s[0];
            s[2] /= s[0];
        }
        return sums;
    }

    private static void assertAccuracyReport(ApiClient client, SyntheticNetwork network, double[][] expected) {
        String range = "/v1/model/accuracy?from=" + encoded(network.time(TRAIN_ROWS + 1)) + "&to="
                + encoded(network.time(ROWS - 1));
        Eventually.within(Duration.ofSeconds(30), () -> {
            ApiClient.Reply reply = client.get(range);
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
            JsonNode horizons = reply.json().get("horizons");
            assertThat(horizons).hasSize(12);
            for (int h = 1; h <= 12; h++) {
                JsonNode got = horizons.get(h - 1);
                assertThat(got.get("minutes").asInt()).isEqualTo(15 * h);
                assertThat(got.get("count").asLong()).as("count at %d", h).isEqualTo((long) expected[h - 1][0]);
                assertThat(got.get("mae").asDouble()).as("MAE at %d", h).isCloseTo(expected[h - 1][1], within(0.01));
                assertThat(got.get("persistence_mae").asDouble()).isCloseTo(expected[h - 1][2], within(0.01));
            }
            for (int h : new int[] {3, 6, 9, 12}) {
                assertThat(horizons.get(h - 1).get("mae").asDouble())
                        .isLessThan(horizons.get(h - 1).get("persistence_mae").asDouble());
            }
        });
    }

    private static String encoded(ZonedDateTime time) {
        return URLEncoder.encode(time.toOffsetDateTime().toString(), StandardCharsets.UTF_8);
    }
}
