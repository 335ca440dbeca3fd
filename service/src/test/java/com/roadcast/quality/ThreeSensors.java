package com.roadcast.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.TestApp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twenty steps (100 minutes) from the catalog's first three sensors: the first sends nothing for the
 * newest 40 minutes, the second repeats one value throughout, the third varies; no other sensor reports.
 * What an instance must then answer, on the API and on its admin {@code /metrics}.
 */
final class ThreeSensors {
    static final OffsetDateTime START = OffsetDateTime.parse("2012-03-05T08:00:00-08:00");
    static final int STEPS = 20;
    private static final Pattern GAUGE = Pattern.compile("(?m)^roadcast_sensors\\{status=\"(\\w+)\"} (\\S+)$");

    private ThreeSensors() {}

    /** The first three sensor ids and the catalog's size, as a client learns them. */
    record Catalog(List<String> ids, int total) {
        static Catalog of(ApiClient client) {
            JsonNode page = client.get("/v1/nodes?limit=3").json();
            List<String> ids = new ArrayList<>();
            page.path("nodes").forEach(node -> ids.add(node.path("id").asText()));
            return new Catalog(ids, page.path("total").asInt());
        }
    }

    static Map<String, Object> batch(Catalog catalog) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Map<String, Object> speeds = new LinkedHashMap<>();
            if (step < STEPS - 8) {
                speeds.put(catalog.ids().get(0), 50.0 + step % 5);
            }
            speeds.put(catalog.ids().get(1), 55.5);
            speeds.put(catalog.ids().get(2), 40.0 + step % 7);
            items.add(Map.of("timestamp", time(step).toString(), "speeds", speeds));
        }
        return Map.of("observations", items);
    }

    private static OffsetDateTime time(int step) {
        return START.plusMinutes(5L * step);
    }

    /** The three sensors' and a silent one's quality, in the list and one by one. */
    static void assertQuality(ApiClient client, Catalog catalog) {
        JsonNode nodes = client.get("/v1/nodes?limit=4").json().path("nodes");
        assertQuality(nodes.get(0).path("quality"), "stale", time(STEPS - 9), 0.9583);
        assertQuality(nodes.get(1).path("quality"), "stuck", time(STEPS - 1), 0.9306);
        assertQuality(nodes.get(2).path("quality"), "ok", time(STEPS - 1), 0.9306);
        assertThat(nodes.get(3).path("quality").toString())
                .isEqualTo("{\"status\":\"missing\",\"last_reading_at\":null,\"missing_ratio_24h\":1.0}");
        for (int i = 0; i < 3; i++) {
            ApiClient.Reply one = client.get("/v1/nodes/" + catalog.ids().get(i));
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().path("quality")).as("GET /v1/nodes/{id} agrees with the list").isEqualTo(nodes.get(i).path("quality"));
        }
    }

    private static void assertQuality(JsonNode quality, String status, OffsetDateTime lastReading, double ratio) {
        assertThat(quality.path("status").asText()).as(quality.toString()).isEqualTo(status);
        assertThat(quality.path("last_reading_at").asText()).as("in the API's time format")
                .isEqualTo(lastReading.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        assertThat(quality.path("missing_ratio_24h").asDouble()).isEqualTo(ratio);
    }

    /** {@code roadcast_sensors} by status on the instance's admin {@code /metrics}. */
    static Map<String, Double> gauge(TestApp app) {
        Matcher line = GAUGE.matcher(app.adminClient().get("/metrics").raw().body());
        Map<String, Double> byStatus = new TreeMap<>();
        while (line.find()) {
            byStatus.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return byStatus;
    }

    static Map<String, Double> expectedGauge(Catalog catalog) {
        return Map.of("missing", catalog.total() - 3.0, "ok", 1.0, "stale", 1.0, "stuck", 1.0);
    }
}
