package com.roadcast.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** The public contract of SPEC.md, through real HTTP against the real app, model and filters. */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractIT {
    private static final int FIRST_ROW = 1400;
    private static TestApp app;
    private static ApiClient reader;
    private static ApiClient ingester;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        reader = app.client(app.createKey("read", "standard"));
        ingester = app.client(app.createKey("ingest", "standard"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static void assertError(Reply reply, int status, String messagePart) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().get("code").asInt()).isEqualTo(status);
        assertThat(reply.json().get("message").asText()).contains(messagePart);
        assertThat(reply.json().get("request_id").asText()).isEqualTo(reply.header("X-Request-Id")).isNotBlank();
        assertThat(reply.raw().body()).doesNotContain("at com.").doesNotContain("Exception");
    }

    @Test
    @Order(1)
    void healthIsPublicAndTiny() {
        ApiClient anonymous = app.client(null);
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        Reply ready = anonymous.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.raw().body().length()).isLessThan(200);
    }

    @Test
    @Order(2)
    void everythingUnderV1NeedsAValidKey() {
        assertError(app.client(null).get("/v1/nodes"), 401, "X-API-Key");
        assertError(app.client("rc_nope_nope").get("/v1/model"), 401, "invalid");
        assertError(reader.post("/v1/observations", LosLoop.batch(FIRST_ROW, 1)), 403, "role");
    }

    @Test
    @Order(3)
    void forecastsAre503UntilTwelveStepsExist() {
        assertError(reader.post("/v1/predict", Map.of("horizons", List.of(3))), 503, "12 steps");
    }

    @Test
    @Order(4)
    void ingestAnswers202WithWhatWasAccepted() {
        Map<String, Object> item = LosLoop.item(FIRST_ROW);
        @SuppressWarnings("unchecked")
        Map<String, Object> speeds = new java.util.LinkedHashMap<>((Map<String, Object>) item.get("speeds"));
        speeds.remove("773869");
        Reply first = ingester.post("/v1/observations",
                Map.of("observations", List.of(Map.of("timestamp", item.get("timestamp"), "speeds", speeds))));
        assertThat(first.status()).as(first.raw().body()).isEqualTo(202);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(first.json().at("/items/0/missing_sensors").get(0).asText()).isEqualTo("773869");
        assertThat(first.json().at("/items/0/readings").asInt()).isEqualTo(206);

        Reply rest = ingester.post("/v1/observations", LosLoop.batch(FIRST_ROW + 1, 11));
        assertThat(rest.status()).isEqualTo(202);
        assertThat(rest.json().get("accepted").asInt()).isEqualTo(11);
        assertThat(rest.json().at("/window/steps").asInt()).isEqualTo(12);
        assertThat(rest.json().at("/window/ready").asBoolean()).isTrue();
        assertThat(OffsetDateTime.parse(rest.json().at("/window/latest").asText()))
                .isAtSameInstantAs(LosLoop.time(FIRST_ROW + 11));
    }

    @Test
    @Order(5)
    void predictAllAnswersEveryNodeAndHorizonThenHitsTheCache() {
        Reply miss = reader.post("/v1/predict", Map.of("horizons", List.of(3, 6, 9, 12)));
        assertThat(miss.status()).as(miss.raw().body()).isEqualTo(200);
        JsonNode body = miss.json();
        assertThat(body.at("/model/name").asText()).isNotBlank();
        assertThat(body.at("/model/version").asText()).isNotBlank();
        OffsetDateTime asOf = OffsetDateTime.parse(body.get("data_as_of").asText());
        assertThat(asOf).isAtSameInstantAs(LosLoop.time(FIRST_ROW + 11));
        assertThat(body.get("inference_time_ms").asDouble()).isPositive();
        assertThat(body.get("predictions")).hasSize(207);
        JsonNode first = body.at("/predictions/0");
        assertThat(first.get("node_id").asText()).isEqualTo("773869");
        assertThat(first.get("forecasts")).hasSize(4);
        for (JsonNode prediction : body.get("predictions")) {
            for (JsonNode f : prediction.get("forecasts")) {
                int h = f.get("horizon").asInt();
                assertThat(f.get("minutes").asInt()).isEqualTo(5 * h);
                assertThat(OffsetDateTime.parse(f.get("target_time").asText())).isAtSameInstantAs(asOf.plusMinutes(5L * h));
                assertThat(f.get("speed_mph").asDouble()).isBetween(1.0, 90.0);
            }
        }
        boolean firstWasMiss = !body.get("cache_hit").asBoolean();
        Reply hit = reader.post("/v1/predict", Map.of("horizons", List.of(12, 9, 6, 3)));
        assertThat(hit.json().get("cache_hit").asBoolean()).isTrue();
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(firstWasMiss).isTrue();
        assertThat(miss.header("X-Cache")).isEqualTo("MISS");
        assertThat(hit.json().get("predictions")).isEqualTo(body.get("predictions"));
    }

    @Test
    @Order(6)
    void predictSomeNodesAndOneNode() {
        Reply some = reader.post("/v1/predict", Map.of("horizons", List.of(1), "nodes", List.of("767541", "773869")));
        assertThat(some.status()).isEqualTo(200);
        assertThat(some.json().get("predictions")).extracting(n -> n.get("node_id").asText())
                .containsExactly("773869", "767541");
        Reply one = reader.post("/v1/nodes/767541/predict", Map.of("horizons", List.of(1, 12)));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("predictions")).hasSize(1);
        assertThat(one.json().at("/predictions/0/forecasts/0/speed_mph").asDouble())
                .isEqualTo(some.json().at("/predictions/1/forecasts/0/speed_mph").asDouble());
        assertError(reader.post("/v1/nodes/999999/predict", Map.of("horizons", List.of(1))), 404, "999999");
    }

    @Test
    @Order(7)
    void nodesArePagedWithTheirLatestReading() {
        Reply page = reader.get("/v1/nodes?offset=200&limit=50");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("total").asInt()).isEqualTo(207);
        assertThat(page.json().get("nodes")).hasSize(7);
        Reply node = reader.get("/v1/nodes/767541");
        assertThat(node.json().get("latitude").asDouble()).isBetween(33.0, 35.0);
        assertThat(node.json().get("longitude").asDouble()).isBetween(-119.0, -117.0);
        assertThat(node.json().at("/latest/speed_mph").asDouble())
                .isEqualTo(LosLoop.csv().rows().get(FIRST_ROW + 11)[1], org.assertj.core.data.Offset.offset(1e-4));
        assertError(reader.get("/v1/nodes/..%2F..%2Fetc"), 400, "bad request");
        assertError(reader.get("/v1/nodes?limit=x"), 400, "limit");
    }

    @Test
    @Order(8)
    void modelDescribesItself() {
        JsonNode model = reader.get("/v1/model").json();
        assertThat(model.get("input_steps").asInt()).isEqualTo(12);
        assertThat(model.get("horizons")).hasSize(12);
        assertThat(model.at("/validation/rmse/3").asDouble()).isPositive();
        assertThat(model.at("/training_period/start").asText()).startsWith("2012-03-01");
    }

    @Test
    @Order(9)
    void badInputGetsTheRightStatusAndNeverAStackTrace() {
        assertError(reader.post("/v1/predict", "{\"horizons\":[1,"), 400, "malformed JSON");
        assertError(reader.post("/v1/predict", Map.of("horizons", List.of(13))), 422, "horizons[0]");
        assertError(reader.post("/v1/predict", Map.of("horizons", List.of(1), "nodes", List.of("nope"))), 422, "nodes[0]");
        assertError(reader.post("/v1/predict", "{\"horizons\":[\"soon\"]}"), 422, "horizons");
        assertError(reader.post("/v1/predict", "{\"horizonz\":[1]}"), 422, "unknown field");
        assertError(reader.send(reader.builder("/v1/predict").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("3"))), 415, "application/json");
        assertError(reader.send(reader.builder("/v1/predict").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"horizons\":[" + "1,".repeat(1_500_000) + "1]}"))), 413, "too large");
        assertError(ingester.post("/v1/observations", LosLoop.batch(FIRST_ROW + 11, 1)), 422, "already recorded");
        assertError(ingester.post("/v1/observations", "{\"observations\":[{\"timestamp\":\"2012-03-06T14:21:00-08:00\","
                + "\"speeds\":{\"773869\":NaN}}]}"), 422, "observations[0]");
        assertError(reader.get("/v1/nowhere"), 404, "");
        assertError(reader.send(reader.builder("/v1/model").DELETE()), 405, "");
    }

    @Test
    @Order(10)
    void requestIdsAreEchoedAndAcceptedFromTheProxy() {
        Reply mine = reader.send(reader.builder("/v1/model").header("X-Request-Id", "nginx-abc-123").GET());
        assertThat(mine.header("X-Request-Id")).isEqualTo("nginx-abc-123");
        Reply forged = reader.send(reader.builder("/v1/model").header("X-Request-Id", "x".repeat(300)).GET());
        assertThat(forged.header("X-Request-Id")).hasSizeLessThan(65).isNotBlank();
    }

    @Test
    @Order(11)
    void answersAndErrorsCarrySecurityHeaders() {
        List<Reply> replies = List.of(reader.get("/v1/model"), app.client(null).get("/health/ready"),
                app.client(null).get("/v1/model"), reader.get("/v1/nodes/999999"),
                reader.post("/v1/predict", Map.of("horizons", List.of(13))),
                reader.post("/v1/nodes/773869/predict", Map.of("horizons", List.of(3))));
        assertThat(replies).extracting(Reply::status).containsExactly(200, 200, 401, 404, 422, 200);
        for (Reply reply : replies) {
            assertThat(reply.header("X-Content-Type-Options")).as(reply.raw().uri().toString()).isEqualTo("nosniff");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.header("Content-Security-Policy")).contains("default-src 'none'");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        }
    }
}
