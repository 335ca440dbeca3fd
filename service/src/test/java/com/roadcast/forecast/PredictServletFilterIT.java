package com.roadcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.auth.KeyOptions;
import com.roadcast.auth.Role;
import com.roadcast.metrics.Scrape;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RequestSigner;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TestKeys;
import com.roadcast.testing.TwoInstances;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forecasts served below Jersey ({@code api.fastPredict}, the default) are the answers Jersey gives: one
 * instance serving them so and one without, on one real Redis (so both hold the same cached bytes), get
 * the same requests and must give the same status, bytes and headers, misses, errors and refusals
 * included, spending one permit per request and counted in the same metrics. A key that requires signed
 * requests gets the same answers for every kind of signature, good or refused.
 */
@Timeout(180)
class PredictServletFilterIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    /** Headers whose value differs from answer to answer: only their presence must match. */
    private static final Set<String> PER_ANSWER = Set.of("date", "x-request-id", "x-ratelimit-remaining",
            "x-ratelimit-reset", "ratelimit", "retry-after", "server-timing");
    private static final String[] SETTINGS = {"rateLimits.window", "1h", "rateLimits.tiers.test.predict", "100000",
        "rateLimits.tiers.test.nodes", "1000", "rateLimits.tiers.test.ingest", "1000",
        "rateLimits.tiers.tiny.predict", "3", "rateLimits.tiers.tiny.nodes", "3", "rateLimits.tiers.tiny.ingest", "3",
        "rateLimits.failedAuthPerIp", "1000"};
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    static final TwoInstances both = new TwoInstances(SETTINGS,
            Stream.concat(Stream.of(SETTINGS), Stream.of("api.fastPredict", "false")).toArray(String[]::new));
    private static TestApp fast;
    private static TestApp jersey;
    private static String internal;
    private static String limited;
    private static String signer;
    /** Makes each signed request's bytes its own (trailing spaces), so no two share a signature within a second. */
    private static final java.util.concurrent.atomic.AtomicInteger UNIQUE = new java.util.concurrent.atomic.AtomicInteger();
    private static int nextRow = 1512;

    @BeforeAll
    static void start() throws Exception {
        fast = both.first();
        jersey = both.second();
        internal = fast.createKey("ingest", "internal");
        limited = fast.createKey("read", "test");
        try (TestKeys.RedisStore operator = TestKeys.redis(both.redis().url())) {
            signer = operator.store().create("signer", "test", Role.READ, new KeyOptions(List.of(), true)).token();
        }
        assertThat(fast.client(internal).post("/v1/observations", LosLoop.batch(1500, 12)).status()).isEqualTo(202);
    }

    /** A request as a client sends it: the body and the headers besides the key. */
    record Ask(String body, Map<String, String> headers) {
        static Ask json(String body, String... headers) {
            Map<String, String> all = new TreeMap<>(Map.of("Content-Type", "application/json"));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                all.put(headers[i], headers[i + 1]);
            }
            return new Ask(body, all);
        }
    }

    static Stream<Arguments> requests() {
        String one = "{\"horizons\":[3,6,9,12],\"nodes\":[\"773869\"]}";
        return Stream.of(
                Arguments.of("one node", Ask.json(one)),
                Arguments.of("one node, gzip", Ask.json(one, "Accept-Encoding", "gzip, deflate")),
                Arguments.of("gzip refused", Ask.json(one, "Accept-Encoding", "gzip;q=0")),
                Arguments.of("every node", Ask.json("{\"horizons\":[1,12]}", "Accept-Encoding", "gzip")),
                Arguments.of("empty object", Ask.json("{}")),
                Arguments.of("empty body", Ask.json("")),
                Arguments.of("JSON null", Ask.json("null")),
                Arguments.of("charset", Ask.json(one, "Content-Type", "application/json; charset=UTF-8")),
                Arguments.of("Accept */*", Ask.json(one, "Accept", "*/*")),
                Arguments.of("Accept JSON", Ask.json(one, "Accept", "application/json")),
                Arguments.of("Accept XML", Ask.json(one, "Accept", "application/xml")),
                Arguments.of("Accept CSV", Ask.json(one, "Accept", "text/csv")),
                Arguments.of("Accept CSV, gzip", Ask.json("{\"horizons\":[2,7]}", "Accept", "text/csv", "Accept-Encoding", "gzip")),
                Arguments.of("Accept CSV among others", Ask.json(one, "Accept", "application/json;q=0.8, text/csv")),
                Arguments.of("CSV, horizon out of range", Ask.json("{\"horizons\":[0]}", "Accept", "text/csv")),
                Arguments.of("not JSON", Ask.json(one, "Content-Type", "text/plain")),
                Arguments.of("horizon out of range", Ask.json("{\"horizons\":[13]}")),
                Arguments.of("unknown node", Ask.json("{\"nodes\":[\"nope\"]}")),
                Arguments.of("unknown field", Ask.json("{\"horizon\":[3]}")),
                Arguments.of("duplicate key", Ask.json("{\"horizons\":[3],\"horizons\":[6]}")),
                Arguments.of("broken JSON", Ask.json("{\"horizons\":[3")),
                Arguments.of("an array", Ask.json("[3]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyAnswerBelowJerseyIsJerseysAnswer(String name, Ask ask) throws Exception {
        for (String key : List.of(internal, limited)) {
            send(fast, key, ask);
            send(jersey, key, ask);
            HttpResponse<byte[]> below = send(fast, key, ask);
            HttpResponse<byte[]> through = send(jersey, key, ask);
            assertSame(below, through);
        }
    }

    /** How a request of the signing key is signed: the header for its body (null: none). */
    interface Signing {
        String header(String body);
    }

    static Stream<Arguments> signatures() {
        long now = System.currentTimeMillis() / 1000;
        return Stream.of(
                Arguments.of("good", (Signing) body -> RequestSigner.now(signer, "POST", "/v1/predict", body)),
                Arguments.of("none", (Signing) body -> null),
                Arguments.of("malformed", (Signing) body -> "t=" + now),
                Arguments.of("stale", (Signing) body -> RequestSigner.header(signer, now - 301, "POST", "/v1/predict", body)),
                Arguments.of("ahead", (Signing) body -> RequestSigner.header(signer, now + 90, "POST", "/v1/predict", body)),
                Arguments.of("another body", (Signing) body -> RequestSigner.now(signer, "POST", "/v1/predict", body + " ")),
                Arguments.of("another query", (Signing) body -> RequestSigner.now(signer, "POST", "/v1/predict?a=1", body)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signatures")
    void aSignedKeyIsAnsweredBelowJerseyAsJerseyAnswersIt(String name, Signing signing) throws Exception {
        Signing good = body -> RequestSigner.now(signer, "POST", "/v1/predict", body);
        String one = "{\"horizons\":[3],\"nodes\":[\"773869\"]}";
        List<HttpResponse<byte[]>> answers = new java.util.ArrayList<>();
        for (TestApp app : List.of(fast, jersey)) {
            send(app, signer, signed(one, good)); // the key is remembered (for a second): checked below Jersey
            answers.add(send(app, signer, signed(one, signing)));
        }
        assertThat(answers.get(0).statusCode()).isEqualTo(name.equals("good") ? 200 : 401);
        assertSame(answers.get(0), answers.get(1));
    }

    private static Ask signed(String json, Signing signing) {
        String body = json + " ".repeat(UNIQUE.incrementAndGet());
        String header = signing.header(body);
        return header == null ? Ask.json(body) : Ask.json(body, "Roadcast-Signature", header);
    }

    @Test
    void aMissComputedBelowJerseyIsAnsweredAsJerseyAnswersOne() throws Exception {
        Ask every = Ask.json("{\"horizons\":[4,8]}", "Accept-Encoding", "gzip");
        List<HttpResponse<byte[]>> misses = new java.util.ArrayList<>();
        for (TestApp app : List.of(fast, jersey)) {
            send(app, limited, every); // the key is remembered (for a second): checked below Jersey
            assertThat(fast.client(internal).post("/v1/observations", LosLoop.batch(nextRow++, 1)).status()).isEqualTo(202);
            misses.add(send(app, limited, every));
        }
        HttpResponse<byte[]> below = misses.get(0);
        HttpResponse<byte[]> through = misses.get(1);
        assertThat(below.statusCode()).isEqualTo(200);
        assertThat(below.headers().firstValue("X-Cache")).hasValue("MISS");
        assertSameHeaders(below, through);
        JsonNode computed = MAPPER.readTree(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(below.body())));
        JsonNode reference = MAPPER.readTree(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(through.body())));
        assertThat(computed.get("cache_hit").asBoolean()).isFalse();
        assertThat(computed.findValuesAsText("node_id")).isEqualTo(reference.findValuesAsText("node_id")).hasSize(207);
        assertThat(computed.findValuesAsText("horizon")).isEqualTo(reference.findValuesAsText("horizon"));
    }

    @Test
    void aHitOfAnotherKeyOrNoKeyIsNotServedBelowJersey() throws Exception {
        Ask one = Ask.json("{\"nodes\":[\"773869\"]}");
        send(fast, internal, one);
        assertSame(send(fast, null, one), send(jersey, null, one));
        assertSame(send(fast, "rc_bogus.key", one), send(jersey, "rc_bogus.key", one));
    }

    @Test
    void eachRequestSpendsOnePermitAndARefusalDecidedBelowJerseyIsJerseysRefusal() throws Exception {
        Ask one = Ask.json("{\"nodes\":[\"767541\"]}");
        send(fast, internal, one);
        List<HttpResponse<byte[]>> refusals = new java.util.ArrayList<>();
        for (TestApp app : List.of(fast, jersey)) {
            String tiny = app.createKey("read", "tiny");
            List<String> remaining = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> answer = send(app, tiny, one);
                assertThat(answer.statusCode()).isEqualTo(200);
                remaining.add(answer.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            }
            assertThat(remaining).containsExactly("2", "1", "0");
            refusals.add(send(app, tiny, one));
        }
        assertThat(refusals.get(0).statusCode()).isEqualTo(429);
        assertSame(refusals.get(0), refusals.get(1));
    }

    @Test
    void forecastsServedBelowJerseyAreCountedAsJerseyCountsThem() throws Exception {
        Ask one = Ask.json("{\"horizons\":[2],\"nodes\":[\"773869\"]}");
        assertThat(fast.client(internal).post("/v1/observations", LosLoop.batch(nextRow++, 1)).status()).isEqualTo(202);
        Scrape before = scrape(fast);
        assertThat(send(fast, internal, one).headers().firstValue("X-Cache-Level")).hasValue("MISS");
        for (int i = 0; i < 7; i++) {
            assertThat(send(fast, internal, one).headers().firstValue("X-Cache-Level")).hasValue("LOCAL");
        }
        String route = "{method=\"POST\",route=\"/v1/predict\",status=\"2xx\"}";
        Map<String, Double> expected = Map.of("roadcast_http_requests_total" + route, 8.0,
                "roadcast_http_request_duration_seconds_count" + route, 8.0,
                "roadcast_forecasts_served_total{cache_level=\"local\"}", 7.0,
                "roadcast_forecasts_served_total{cache_level=\"miss\"}", 1.0);
        // an answer is recorded just after its last byte is sent, so the client may scrape a moment before it
        Eventually.within(Duration.ofSeconds(2), () -> {
            Scrape after;
            try {
                after = scrape(fast);
            } catch (Exception e) {
                throw new IllegalStateException("cannot scrape /metrics", e);
            }
            expected.forEach((series, count) ->
                    assertThat(after.valueOf(series) - before.valueOf(series)).as(series).isEqualTo(count));
        });
    }

    private static void assertSame(HttpResponse<byte[]> below, HttpResponse<byte[]> through) throws IOException {
        assertSameHeaders(below, through);
        if (below.statusCode() == 200) {
            assertThat(below.headers().firstValue("X-Cache-Level")).hasValue("LOCAL");
            assertThat(below.body()).isEqualTo(through.body());
        } else {
            assertThat(comparable(below)).isEqualTo(comparable(through));
        }
    }

    private static void assertSameHeaders(HttpResponse<byte[]> below, HttpResponse<byte[]> through) {
        assertThat(below.statusCode()).isEqualTo(through.statusCode());
        Map<String, List<String>> belowHeaders = headers(below);
        Map<String, List<String>> throughHeaders = headers(through);
        assertThat(belowHeaders.keySet()).isEqualTo(throughHeaders.keySet());
        belowHeaders.forEach((header, values) -> {
            if (!PER_ANSWER.contains(header)) {
                assertThat(values).as(header).isEqualTo(throughHeaders.get(header));
            }
        });
    }

    private static Map<String, List<String>> headers(HttpResponse<byte[]> response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
        return headers;
    }

    /** An error body as two answers can share it: without its request id, and its retry time checked and masked. */
    private static JsonNode comparable(HttpResponse<byte[]> error) throws IOException {
        JsonNode json = MAPPER.readTree(error.body());
        assertThat(json.path("request_id").asText()).isEqualTo(error.headers().firstValue("X-Request-Id").orElseThrow());
        ((ObjectNode) json).remove("request_id");
        Optional<String> retryAfter = error.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            // the seconds left in the window differ between two answers a second apart: each must match its header
            String message = json.path("message").asText();
            assertThat(message).contains("retry in " + retryAfter.get() + " s");
            ((ObjectNode) json).put("message", message.replace("retry in " + retryAfter.get() + " s", "retry in N s"));
        }
        return json;
    }

    private static HttpResponse<byte[]> send(TestApp app, String key, Ask ask) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.base().resolve("/v1/predict"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(ask.body()));
        ask.headers().forEach(request::header);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Scrape scrape(TestApp app) throws Exception {
        URI metrics = app.admin().resolve("/metrics");
        return Scrape.of(HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
