package com.roadcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.metrics.Scrape;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One embedded instance, streams read as a browser's EventSource would: every window ingested reaches an
 * open stream in order, with its {@code data_as_of} as id and the predict answer for it as data; a
 * reconnect with {@code Last-Event-ID} gets the missed windows first; streams per key are capped, and a
 * client that goes away frees its slot; bad queries get the one error shape.
 */
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SELECTION = "nodes=773869,767541&horizons=3,12";
    /** Each test ingests rows after those of the tests before it: every window it makes is new. */
    private final AtomicInteger nextRow = new AtomicInteger(100);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestApp app;
    private ApiClient ingest;
    private ApiClient reader;

    @BeforeAll
    void start() {
        app = TestApp.start("stream.heartbeat", "300ms", "stream.maxPerKey", "2");
        ingest = app.client(app.createKey("ingest", "internal"));
        reader = app.client(app.createKey("read", "internal"));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theOpenStreamsAreCountedOnTheMetricsPage() throws Exception {
        ApiClient watcher = app.client(app.createKey("read", "internal"));
        Eventually.within(WAIT, () -> assertThat(openStreams()).as("the streams of other tests closed").isZero());
        try (SseClient first = open(watcher, SELECTION)) {
            try (SseClient second = open(watcher, "")) {
                assertThat(List.of(first.status(), second.status())).containsOnly(200);
                assertThat(openStreams()).isEqualTo(2);
            }
            Eventually.within(WAIT, () -> assertThat(openStreams()).as("the client of one went away").isEqualTo(1));
        }
        Eventually.within(WAIT, () -> assertThat(openStreams()).isZero());
    }

    private double openStreams() {
        ApiClient.Reply metrics = app.adminClient().get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        return Scrape.of(metrics.raw().body()).valueOf("roadcast_stream_open");
    }

    @Test
    void everyIngestedWindowArrivesInOrderAsThePredictAnswerForIt() throws Exception {
        try (SseClient stream = open(reader, SELECTION)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            List<Integer> rows = ingestWindows(4);

            List<SseClient.Event> events = stream.next(4, WAIT);

            assertThat(events).extracting(SseClient.Event::name).containsOnly("forecast");
            assertThat(events).extracting(event -> instant(event.id())).containsExactlyElementsOf(
                    rows.stream().map(row -> LosLoop.time(row).toInstant()).toList());
            for (SseClient.Event event : events) {
                ApiClient.Reply asOf = reader.post("/v1/predict", Map.of("as_of", event.id(),
                        "nodes", List.of("773869", "767541"), "horizons", List.of(3, 12)));
                assertThat(asOf.status()).isEqualTo(200);
                assertThat(event.data()).isEqualTo(asOf.raw().body().strip());
                JsonNode data = Jackson.newObjectMapper().readTree(event.data());
                assertThat(data.get("data_as_of").asText()).isEqualTo(event.id());
                assertThat(data.get("predictions")).hasSize(2);
            }
            assertThat(stream.next(1, Duration.ofMillis(800))).as("nothing but the windows ingested").isEmpty();
            assertThat(stream.comments()).as("heartbeats every 300 ms").isGreaterThan(1);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsTheMissedWindowsFirstThenLiveOnes() throws Exception {
        String lastId;
        try (SseClient first = open(reader, SELECTION)) {
            ingestWindows(2);
            List<SseClient.Event> seen = first.next(2, WAIT);
            assertThat(seen).hasSize(2);
            lastId = seen.get(1).id();
        }
        List<Integer> missed = ingestWindows(-2);

        try (SseClient again = SseClient.open(http, reader.builder("/v1/stream?" + SELECTION).header("Last-Event-ID", lastId))) {
            assertThat(again.status()).isEqualTo(200);
            List<SseClient.Event> caughtUp = again.next(2, WAIT);
            List<Integer> live = ingestWindows(-1);
            caughtUp.addAll(again.next(1, WAIT));

            assertThat(caughtUp).extracting(event -> instant(event.id())).containsExactly(
                    LosLoop.time(missed.get(0)).toInstant(), LosLoop.time(missed.get(1)).toInstant(),
                    LosLoop.time(live.get(0)).toInstant());
            assertThat(again.next(1, Duration.ofMillis(800))).as("no window twice").isEmpty();
        }
    }

    @Test
    void aKeyHoldsAtMostMaxPerKeyStreamsAndAClosedOneFreesItsSlot() throws Exception {
        ApiClient limited = app.client(app.createKey("read", "internal"));
        try (Socket raw = rawStream(limited); SseClient second = open(limited, "")) {
            assertThat(second.status()).isEqualTo(200);

            SseClient third = open(limited, "");
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.response().headers().firstValue("Retry-After")).contains("1");
            JsonNode error = Jackson.newObjectMapper().readTree(third.errorBody());
            assertThat(error.get("code").asInt()).isEqualTo(429);
            assertThat(error.get("message").asText()).contains("stream.maxPerKey");
            assertThat(error.get("request_id").asText()).isNotBlank();
            try (SseClient otherKey = open(reader, "")) {
                assertThat(otherKey.status()).as("another key has its own slots").isEqualTo(200);
            }

            raw.close();
            long closedAt = System.nanoTime();
            int status = 0;
            while (status != 200 && System.nanoTime() - closedAt < Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(100);
                try (SseClient retry = open(limited, "")) {
                    status = retry.status();
                }
            }
            assertThat(status).as("the slot of the closed stream is free again").isEqualTo(200);
        }
    }

    @Test
    void badQueriesAreRefusedInTheOneErrorShape() throws Exception {
        assertRefused(open(reader, "horizons=abc"), 400, "horizons");
        assertRefused(open(reader, "nodes="), 400, "nodes");
        assertRefused(open(reader, "nodes=773869,,767541"), 400, "nodes");
        assertRefused(open(reader, "horizons=13"), 422, "13");
        assertRefused(open(reader, "nodes=nope"), 422, "nope");
        assertRefused(open(reader, "nodes=773869,773869"), 422, "twice");
        assertRefused(SseClient.open(http, reader.builder("/v1/stream").header("Last-Event-ID", "yesterday")), 422,
                "Last-Event-ID");
        assertRefused(open(new ApiClient(app.base(), null), ""), 401, "");
    }

    private void assertRefused(SseClient refused, int status, String named) throws IOException {
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.response().headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode error = Jackson.newObjectMapper().readTree(refused.errorBody());
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).contains(named);
        assertThat(error.get("request_id").asText()).isNotBlank();
    }

    private SseClient open(ApiClient client, String query) throws IOException, InterruptedException {
        return SseClient.open(http, client.builder("/v1/stream" + (query.isEmpty() ? "" : "?" + query)));
    }

    /**
     * Makes {@code count} new windows (a negative count: as many, one step each, to a window already full);
     * with a positive count, the first is a batch of 12 steps that fills the window whatever it held.
     *
     * @return the rows that end each new window
     */
    private List<Integer> ingestWindows(int count) {
        List<Integer> ends = new java.util.ArrayList<>();
        if (count > 0) {
            int first = nextRow.getAndAdd(12);
            assertThat(ingest.post("/v1/observations", LosLoop.batch(first, 12)).status()).isEqualTo(202);
            ends.add(first + 11);
        }
        for (int i = ends.size(); i < Math.abs(count); i++) {
            int row = nextRow.getAndIncrement();
            assertThat(ingest.post("/v1/observations", LosLoop.batch(row, 1)).status()).isEqualTo(202);
            ends.add(row);
        }
        return ends;
    }

    /** A stream opened on a plain socket, so that closing it closes the connection for sure. */
    private Socket rawStream(ApiClient client) throws IOException {
        Socket socket = new Socket(app.base().getHost(), app.base().getPort());
        String key = client.builder("/").build().headers().firstValue("X-API-Key").orElseThrow();
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nX-API-Key: " + key
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] status = in.readNBytes(12);
        assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        return socket;
    }

    private static java.time.Instant instant(String id) {
        return OffsetDateTime.parse(id).toInstant();
    }
}
