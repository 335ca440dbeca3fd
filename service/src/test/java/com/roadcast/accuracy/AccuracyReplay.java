package com.roadcast.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A replay of real Los-loop readings one step per request, with some readings missing, asking for every
 * node at every horizon after each step; what it sent and was served, the accuracy recomputed from that,
 * and the checks of the API's answers against it.
 */
final class AccuracyReplay {
    static final int FROM = 1330;
    static final int STEPS = 120;
    static final int SCORED_FROM = FROM + 30;
    static final int SCORED_TO = FROM + STEPS - 1;
    final Map<Integer, Map<String, Double>> ingested = new HashMap<>();
    final Map<Integer, JsonNode> served = new HashMap<>();
    final Map<Integer, String> servedBodies = new HashMap<>();

    /** Replays every row, ingesting through {@code ingest} and reading through {@code readers} in turn. */
    static AccuracyReplay run(ApiClient ingest, List<ApiClient> readers) {
        AccuracyReplay replay = new AccuracyReplay();
        for (int row = FROM; row < FROM + STEPS; row++) {
            replay.step(ingest, readers.get(row % readers.size()), row);
        }
        return replay;
    }

    /** Sends one row, leaving out a few readings that vary with the row, then asks for everything. */
    void step(ApiClient ingest, ApiClient read, int row) {
        Map<String, Object> item = new LinkedHashMap<>(LosLoop.item(row));
        @SuppressWarnings("unchecked")
        Map<String, Double> speeds = new LinkedHashMap<>((Map<String, Double>) item.get("speeds"));
        List<String> sensors = LosLoop.sensors();
        speeds.remove(sensors.get(row % sensors.size()));
        if (row % 5 == 0) {
            speeds.put(sensors.get(7), null);
        }
        if (row >= FROM + 40 && row < FROM + 60) {
            speeds.remove(sensors.get(11));
        }
        item.put("speeds", speeds);
        ApiClient.Reply stored = ingest.post("/v1/observations", Map.of("observations", List.of(item)));
        assertThat(stored.status()).as(stored.raw().body()).isEqualTo(202);
        Map<String, Double> kept = new HashMap<>();
        speeds.forEach((sensor, speed) -> {
            if (speed != null) {
                kept.put(sensor, (double) speed.floatValue());
            }
        });
        ingested.put(row, kept);
        if (row >= FROM + 11) {
            Eventually.within(Duration.ofSeconds(10), () -> {
                ApiClient.Reply reply = read.post("/v1/predict", Map.of());
                assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
                assertThat(OffsetDateTime.parse(reply.json().get("data_as_of").asText()).toInstant())
                        .as("the window this instance serves").isEqualTo(LosLoop.time(row).toInstant());
                served.put(row, reply.json());
                servedBodies.put(row, reply.raw().body());
            });
        }
    }

    /** The accuracy recomputed from what was served and ingested: per horizon {count, mae, rmse, pmae, prmse}. */
    double[][] expected() {
        double[][] sums = new double[12][5];
        for (Map.Entry<Integer, JsonNode> answer : served.entrySet()) {
            int row = answer.getKey();
            for (JsonNode prediction : answer.getValue().get("predictions")) {
                String sensor = prediction.get("node_id").asText();
                Double persistence = lastReading(sensor, row);
                for (JsonNode forecast : prediction.get("forecasts")) {
                    int h = forecast.get("horizon").asInt();
                    int target = row + h;
                    Double actual = ingested.getOrDefault(target, Map.of()).get(sensor);
                    if (target < SCORED_FROM || target > SCORED_TO || actual == null || persistence == null) {
                        continue;
                    }
                    double error = forecast.get("speed_mph").asDouble() - actual;
                    double naive = persistence - actual;
                    double[] s = sums[h - 1];
                    s[0]++;
                    s[1] += Math.abs(error);
                    s[2] += error * error;
                    s[3] += Math.abs(naive);
                    s[4] += naive * naive;
                }
            }
        }
        for (double[] s : sums) {
            s[1] /= s[0];
            s[2] = Math.sqrt(s[2] / s[0]);
            s[3] /= s[0];
            s[4] = Math.sqrt(s[4] / s[0]);
        }
        return sums;
    }

    private Double lastReading(String sensor, int row) {
        for (int r = row; r > row - 12; r--) {
            Double speed = ingested.getOrDefault(r, Map.of()).get(sensor);
            if (speed != null) {
                return speed;
            }
        }
        return null;
    }

    static String range() {
        return "/v1/model/accuracy?from=" + encoded(LosLoop.time(SCORED_FROM).toString()) + "&to="
                + encoded(LosLoop.time(SCORED_TO).toString());
    }

    static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    void assertAccuracyMatches(ApiClient client) {
        double[][] expected = expected();
        assertAccuracyMatches(client, expected);
    }

    private static void assertAccuracyMatches(ApiClient client, double[][] expected) {
        Eventually.within(Duration.ofSeconds(30), () -> {
            ApiClient.Reply reply = client.get(range());
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
            JsonNode horizons = reply.json().get("horizons");
            assertThat(horizons).hasSize(12);
            for (int h = 1; h <= 12; h++) {
                JsonNode got = horizons.get(h - 1);
                double[] want = expected[h - 1];
                assertThat(got.get("horizon").asInt()).isEqualTo(h);
                assertThat(got.get("minutes").asInt()).isEqualTo(5 * h);
                assertThat(got.get("count").asLong()).as("count at horizon %d", h).isEqualTo((long) want[0]);
                assertThat(got.get("mae").asDouble()).as("MAE at %d", h).isCloseTo(want[1], within(0.005));
                assertThat(got.get("rmse").asDouble()).isCloseTo(want[2], within(0.005));
                assertThat(got.get("persistence_mae").asDouble()).isCloseTo(want[3], within(0.005));
                assertThat(got.get("persistence_rmse").asDouble()).isCloseTo(want[4], within(0.005));
            }
        });
    }

    void assertModelBeatsPersistence() {
        double[][] expected = expected();
        for (int h : new int[] {3, 6, 9, 12}) {
            assertThat(expected[h - 1][0]).isGreaterThan(50 * 200);
            assertThat(expected[h - 1][1]).as("MAE at horizon %d", h).isLessThan(expected[h - 1][3]);
        }
    }

    /** The answer's bytes but its inference time: another instance may have made the same forecast, as fast or not. */
    private static String withoutInferenceTime(String body) {
        return body.replaceFirst("\"inference_time_ms\":[0-9.]+,", "");
    }

    /** {@code as_of} answers what was served for those windows (byte for byte but the inference time), for all nodes and one. */
    void assertPastWindowsAnswerAsServed(ApiClient client) {
        for (int row : new int[] {FROM + 11, FROM + 50, SCORED_TO}) {
            String asOf = LosLoop.time(row).toString();
            Eventually.within(Duration.ofSeconds(30), () -> {
                ApiClient.Reply past = client.post("/v1/predict", Map.of("as_of", asOf));
                assertThat(past.status()).as(past.raw().body()).isEqualTo(200);
                assertThat(withoutInferenceTime(past.raw().body())).isEqualTo(withoutInferenceTime(servedBodies.get(row)));
            });
            String sensor = LosLoop.sensors().get(3);
            ApiClient.Reply one = client.post("/v1/nodes/" + sensor + "/predict", Map.of("as_of", asOf, "horizons", List.of(12)));
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().at("/predictions/0/forecasts/0/speed_mph"))
                    .isEqualTo(served.get(row).at("/predictions/3/forecasts/11/speed_mph"));
            assertThat(one.json().at("/predictions/0/inputs_imputed"))
                    .isEqualTo(served.get(row).at("/predictions/3/inputs_imputed"));
        }
        ApiClient.Reply never = client.post("/v1/predict", Map.of("as_of", LosLoop.time(FROM - 100).toString()));
        assertThat(never.status()).isEqualTo(404);
        assertThat(never.json().get("message").asText()).contains("no forecast of record");
        ApiClient.Reply invalid = client.post("/v1/predict", Map.of("as_of", "yesterday"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("message").asText()).contains("as_of");
    }
}
