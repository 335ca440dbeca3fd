package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TwoInstances;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real Los-loop readings ingested with gaps (sensors left out, nulls, steps never sent) and out of order come
 * back from {@code GET /v1/observations} exactly as ingested, as JSON and as CSV, embedded and through a
 * second instance sharing Redis; and every bad request is refused in the one error shape.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservationExportIT {
    private static final int FIRST = 1300;
    private static final int ROWS = 60;
    private static final List<Integer> SKIPPED = List.of(1310, 1311, 1345);
    private static final String[] LIMITS = {"rateLimits.tiers.narrow.predict", "1", "rateLimits.tiers.narrow.nodes", "1",
        "rateLimits.tiers.narrow.ingest", "1000"};

    @RegisterExtension
    static final TwoInstances shared = TwoInstances.alike(LIMITS);

    private TestApp embedded;
    /** What was ingested: time -> sensor id -> the speed as a float32's text, null where none was sent. */
    private final Map<String, Map<String, String>> ingested = new TreeMap<>();

    @BeforeAll
    void ingestWithGaps() {
        embedded = TestApp.start(LIMITS);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int row = FIRST; row < FIRST + ROWS; row++) {
            if (!SKIPPED.contains(row)) {
                items.add(withGaps(row));
            }
        }
        // newest first, then the older half: each batch lands in its place by time
        List<List<Map<String, Object>>> batches = List.of(items.subList(30, items.size()), items.subList(0, 30));
        for (TestApp app : List.of(embedded, shared.first())) {
            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            for (List<Map<String, Object>> batch : batches) {
                Reply reply = ingest.post("/v1/observations", Map.of("observations", batch));
                assertThat(reply.status()).as(reply.raw().body()).isEqualTo(202);
            }
        }
    }

    @AfterAll
    void stop() {
        embedded.close();
    }

    /** A Los-loop row with every 7th sensor left out and every 11th sent as null, shifting by row. */
    private Map<String, Object> withGaps(int row) {
        Map<String, Object> speeds = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        double[] values = LosLoop.csv().rows().get(row);
        for (int i = 0; i < values.length; i++) {
            String sensor = LosLoop.sensors().get(i);
            if ((i + row) % 7 == 0) {
                expected.put(sensor, null);
            } else if ((i + row) % 11 == 0) {
                speeds.put(sensor, null);
                expected.put(sensor, null);
            } else {
                speeds.put(sensor, values[i]);
                expected.put(sensor, Float.toString((float) values[i]));
            }
        }
        ingested.put(api(LosLoop.time(row)), expected);
        return Map.of("timestamp", LosLoop.time(row).toString(), "speeds", speeds);
    }

    @Test
    void embeddedExportsExactlyWhatWasIngested() {
        exportsExactlyWhatWasIngested(embedded.client(embedded.createKey("read", "internal")));
    }

    @Test
    void anotherInstanceOnRedisExportsExactlyWhatWasIngestedThroughTheFirst() {
        exportsExactlyWhatWasIngested(shared.second().client(shared.second().createKey("read", "internal")));
    }

    private void exportsExactlyWhatWasIngested(ApiClient reader) {
        String range = "/v1/observations?from=" + q(LosLoop.time(FIRST - 5)) + "&to=" + q(LosLoop.time(FIRST + ROWS + 5));
        Reply json = reader.get(range);
        assertThat(json.status()).as(json.raw().body()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.json().get("from").asText()).isEqualTo(api(LosLoop.time(FIRST - 5)));
        assertThat(json.json().get("interval_minutes").asInt()).isEqualTo(5);
        assertThat(texts(json.json().get("nodes"))).isEqualTo(LosLoop.sensors());
        assertThat(fromJson(json.json())).isEqualTo(ingested);
        assertThat(json.raw().body()).as("float32 text, not its double expansion").doesNotContain("0000001");

        Reply csv = reader.send(reader.builder(range).header("Accept", "text/csv").GET());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(fromCsv(csv.raw().body())).isEqualTo(ingested);

        String two = LosLoop.sensors().get(5) + "," + LosLoop.sensors().get(2);
        Reply some = reader.send(reader.builder(range + "&nodes=" + two).header("Accept", "text/csv").GET());
        String firstRow = api(LosLoop.time(FIRST));
        assertThat(some.raw().body().lines().toList()).hasSize(ROWS - SKIPPED.size() + 1)
                .startsWith("timestamp," + two, firstRow + "," + cell(firstRow, 5) + "," + cell(firstRow, 2));
    }

    private String cell(String time, int sensor) {
        String speed = ingested.get(time).get(LosLoop.sensors().get(sensor));
        return speed == null ? "" : speed;
    }

    @Test
    void bothFormatsAreGzippedForAClientThatAcceptsIt() {
        ApiClient reader = embedded.client(embedded.createKey("read", "internal"));
        String range = "/v1/observations?from=" + q(LosLoop.time(FIRST)) + "&to=" + q(LosLoop.time(FIRST + ROWS));
        for (String type : List.of("application/json", "text/csv")) {
            String plain = reader.send(reader.builder(range).header("Accept", type).GET()).raw().body();
            HttpResponse<byte[]> gzipped = reader.sendForBytes(reader.builder(range).header("Accept", type)
                    .header("Accept-Encoding", "gzip").GET());
            assertThat(gzipped.headers().firstValue("Content-Encoding")).as(type).hasValue("gzip");
            assertThat(gzipped.body().length).as(type).isLessThan(plain.length() / 3);
            assertThat(new String(gunzip(gzipped.body()), StandardCharsets.UTF_8)).as(type).isEqualTo(plain);
        }
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        ApiClient reader = embedded.client(embedded.createKey("read", "internal"));
        String from = "from=" + q(LosLoop.time(FIRST));
        String to = "&to=" + q(LosLoop.time(FIRST + 10));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("?" + to.substring(1), "400 from is required");
        refused.put("?" + from, "400 to is required");
        refused.put("?from=yesterday" + to, "400 from 'yesterday' is not ISO-8601");
        refused.put("?" + from + "&to=2012-03-05T13:20:00", "400 to '2012-03-05T13:20:00' is not ISO-8601");
        refused.put("?from=" + q(LosLoop.time(FIRST + 11)) + to, "422 from '" + LosLoop.time(FIRST + 11) + "' is after to");
        refused.put("?" + from + to + "&nodes=", "422 nodes is empty");
        refused.put("?" + from + to + "&nodes=773869,nope", "422 nodes[1]: unknown node id 'nope'");
        refused.put("?" + from + to + "&nodes=773869,767541,773869", "422 nodes[2]: node id '773869' is repeated");
        refused.put("?" + from + to + "&nodes=773869,", "422 nodes[1]: unknown node id ''");
        refused.put("?" + from + "&to=" + q(LosLoop.time(FIRST).plusDays(31).plusMinutes(5)),
                "422 from..to spans 31 days 5 minutes; one request may span at most 31 days (history.maxExportRange)");
        refused.forEach((query, expected) -> {
            Reply reply = reader.get("/v1/observations" + query);
            assertThat(reply.status() + " " + reply.json().get("message").asText()).as(query).startsWith(expected);
            assertThat(reply.json().get("code").asInt()).isEqualTo(reply.status());
            assertThat(reply.json().get("request_id").asText()).isEqualTo(reply.header("X-Request-Id"));
        });
        assertThat(reader.get("/v1/observations?" + from + "&to=" + q(LosLoop.time(FIRST).plusDays(31))).status())
                .as("exactly the longest range").isEqualTo(200);
    }

    @Test
    void anAcceptOfNeitherTypeIs406NamingBoth() {
        ApiClient reader = embedded.client(embedded.createKey("read", "internal"));
        Reply reply = reader.send(reader.builder("/v1/observations?from=" + q(LosLoop.time(FIRST)) + "&to="
                + q(LosLoop.time(FIRST))).header("Accept", "application/xml").GET());
        assertThat(reply.status()).isEqualTo(406);
        assertThat(reply.json().get("message").asText())
                .isEqualTo("only application/json or text/csv responses are available");
    }

    @Test
    void aKeyIsNeededAndReadOrAboveMayExport() {
        String range = "/v1/observations?from=" + q(LosLoop.time(FIRST)) + "&to=" + q(LosLoop.time(FIRST));
        assertThat(embedded.client(null).get(range).status()).isEqualTo(401);
        for (String role : List.of("read", "ingest", "admin")) {
            assertThat(embedded.client(embedded.createKey(role, "internal")).get(range).status()).as(role).isEqualTo(200);
        }
    }

    @Test
    void anExportSpendsTheNodesBudgetNotPredicts() {
        ApiClient narrow = embedded.client(embedded.createKey("read", "narrow"));
        Reply export = narrow.get("/v1/observations?from=" + q(LosLoop.time(FIRST)) + "&to=" + q(LosLoop.time(FIRST)));
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(narrow.get("/v1/nodes").status()).as("the nodes budget is spent").isEqualTo(429);
        assertThat(narrow.get("/v1/observations?from=" + q(LosLoop.time(FIRST)) + "&to=" + q(LosLoop.time(FIRST)))
                .status()).isEqualTo(429);
        assertThat(narrow.post("/v1/predict", Map.of("horizons", List.of(3))).status()).as("predict's is not")
                .isEqualTo(200);
    }

    private static Map<String, Map<String, String>> fromJson(JsonNode body) {
        Map<String, Map<String, String>> steps = new TreeMap<>();
        for (JsonNode step : body.get("steps")) {
            Map<String, String> speeds = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = step.get("speeds").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> speed = it.next();
                speeds.put(speed.getKey(), speed.getValue().isNull() ? null : speed.getValue().asText());
            }
            steps.put(step.get("timestamp").asText(), speeds);
        }
        assertThat(steps.keySet()).as("in time order").containsExactlyElementsOf(
                texts(body.get("steps")).stream().toList());
        return steps;
    }

    private static Map<String, Map<String, String>> fromCsv(String body) {
        List<String> lines = body.lines().toList();
        String[] header = lines.get(0).split(",", -1);
        assertThat(List.of(header).subList(1, header.length)).isEqualTo(LosLoop.sensors());
        Map<String, Map<String, String>> steps = new TreeMap<>();
        List<String> order = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> speeds = new LinkedHashMap<>();
            for (int i = 1; i < cells.length; i++) {
                speeds.put(header[i], cells[i].isEmpty() ? null : cells[i]);
            }
            steps.put(cells[0], speeds);
            order.add(cells[0]);
        }
        assertThat(order).as("in time order").containsExactlyElementsOf(steps.keySet());
        return steps;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.isObject() ? node.get("timestamp").asText() : node.asText()));
        return texts;
    }

    /** A time as the API writes it: with seconds. */
    private static String api(OffsetDateTime time) {
        return time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static String q(OffsetDateTime time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
