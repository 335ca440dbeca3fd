package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Every response the document lists for every operation is produced by a real request to the real service
 * and checked against the document (body schema, headers); a status the document does not list fails at
 * once, and at the end the statuses seen must be exactly the statuses documented.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractIT {
    static final String LIVE = "GET /health/live";
    static final String READY = "GET /health/ready";
    static final String MODEL = "GET /v1/model";
    static final String ACCURACY = "GET /v1/model/accuracy";
    static final String NODES = "GET /v1/nodes";
    static final String NODE = "GET /v1/nodes/{id}";
    static final String PREDICT = "POST /v1/predict";
    static final String PREDICT_NODE = "POST /v1/nodes/{id}/predict";
    static final String INGEST = "POST /v1/observations";
    static final String EXPORT = "GET /v1/observations";
    static final String STREAM = "GET /v1/stream";
    static final String WEBHOOK_CREATE = "POST /v1/webhooks";
    static final String WEBHOOKS = "GET /v1/webhooks";
    static final String WEBHOOK_DELETE = "DELETE /v1/webhooks/{id}";
    static final String WEBHOOK_DELIVERIES = "GET /v1/webhooks/{id}/deliveries";
    /** Operations only an admin key may call. */
    static final List<String> ADMIN_OPS = List.of(WEBHOOK_CREATE, WEBHOOKS, WEBHOOK_DELETE, WEBHOOK_DELIVERIES);
    /** A subscription to a public address, taken without a name to resolve. */
    private static final Map<String, Object> SUBSCRIPTION = Map.of("url", "https://93.184.216.34/roadcast",
            "nodes", List.of("773869"), "when", Map.of("speed_below_mph", 25, "within_minutes", 30));
    private static final String EXPORT_RANGE = "?from=2012-03-05T12%3A00%3A00-08%3A00&to=2012-03-05T14%3A00%3A00-08%3A00";
    /** A roomy tier (so limited answers carry the rate-limit headers) and one of one request per class. */
    private static final String[] SETTINGS = {"rateLimits.window", "1h", "rateLimits.failedAuthPerIp", "1000",
        "rateLimits.tiers.roomy.predict", "1000", "rateLimits.tiers.roomy.nodes", "1000", "rateLimits.tiers.roomy.ingest", "1000",
        "rateLimits.tiers.tiny.predict", "1", "rateLimits.tiers.tiny.nodes", "1", "rateLimits.tiers.tiny.ingest", "1"};
    private static final String TOO_LARGE = "{\"horizons\":[" + "1,".repeat(1_500_000) + "1]}";

    private TestApp app;
    private boolean stopped;
    private Contract contract;
    private String readerKey;
    private String ingesterKey;
    private String adminKey;
    private ApiClient admin;
    private ApiClient reader;
    private ApiClient ingester;
    private ApiClient anonymous;

    @BeforeAll
    void start() {
        app = TestApp.start(SETTINGS);
        contract = new Contract(app.adminClient().get("/openapi.json").raw().body());
        readerKey = app.createKey("read", "roomy");
        ingesterKey = app.createKey("ingest", "roomy");
        reader = app.client(readerKey);
        ingester = app.client(ingesterKey);
        adminKey = app.createKey("admin", "roomy");
        admin = app.client(adminKey);
        anonymous = app.client(null);
    }

    @AfterAll
    void stop() {
        if (!stopped) {
            app.stop();
        }
    }

    @Test
    @Order(1)
    void beforeTwelveStepsForecastsAreUnavailableAndNodesHaveNoReading() {
        check(PREDICT, reader.post("/v1/predict", "{}"), 503);
        check(PREDICT_NODE, reader.post("/v1/nodes/773869/predict", "{}"), 503);
        assertThat(check(NODES, reader.get("/v1/nodes?limit=3"), 200).json().get("nodes").get(0).get("latest").isNull()).isTrue();
        check(NODE, reader.get("/v1/nodes/773869"), 200);
        assertThat(check(EXPORT, reader.get(example(EXPORT)), 200).json().get("steps").size()).isZero();
    }

    @Test
    @Order(2)
    void answersMatchTheirSchemasAndCarryTheirHeaders() {
        check(INGEST, ingester.post("/v1/observations", LosLoop.batch(1300, 12)), 202);
        Reply miss = check(PREDICT, reader.post("/v1/predict", Map.of("horizons", List.of(3, 6, 12))), 200);
        assertThat(miss.header("X-Cache")).isEqualTo("MISS");
        assertThat(miss.header("X-RateLimit-Limit")).as("a limited tier's answer says its budget").isEqualTo("1000");
        assertThat(check(PREDICT, reader.post("/v1/predict", Map.of("horizons", List.of(3, 6, 12))), 200).header("X-Cache"))
                .isEqualTo("HIT");
        check(PREDICT, reader.post("/v1/predict", ""), 200);
        check(PREDICT_NODE, reader.post("/v1/nodes/773869/predict", Map.of("horizons", List.of(1))), 200);
        check(NODES, reader.get("/v1/nodes?offset=200&limit=50"), 200);
        check(NODE, reader.get("/v1/nodes/773869"), 200);
        check(MODEL, reader.get("/v1/model"), 200);
        check(ACCURACY, reader.get("/v1/model/accuracy"), 200);
        check(STREAM, call(reader, STREAM), 200);
        assertThat(check(EXPORT, reader.get(example(EXPORT)), 200).json().get("steps").size()).isEqualTo(12);
        check(LIVE, anonymous.get("/health/live"), 200);
        check(READY, anonymous.get("/health/ready"), 200);
        String id = check(WEBHOOK_CREATE, admin.post("/v1/webhooks", SUBSCRIPTION), 201).json().get("id").asText();
        assertThat(check(WEBHOOKS, admin.get("/v1/webhooks"), 200).json().get("webhooks")).hasSize(1);
        check(WEBHOOK_DELIVERIES, admin.get("/v1/webhooks/" + id + "/deliveries"), 200);
        check(WEBHOOK_DELETE, admin.send(admin.builder("/v1/webhooks/" + id).DELETE()), 204);
    }

    @Test
    @Order(3)
    void theDocumentedRequestExamplesAreAccepted() {
        for (String op : List.of(PREDICT, PREDICT_NODE, INGEST)) {
            JsonNode examples = contract.operation(op).at("/requestBody/content/application~1json/examples");
            assertThat(examples.size()).as("%s has a request example", op).isPositive();
            for (JsonNode example : examples) {
                Reply reply = (op.equals(INGEST) ? ingester : reader).post(example(op), example.get("value").toString());
                assertThat(contract.check(op, reply).status()).as("%s %s", op, reply.raw().body()).isBetween(200, 299);
            }
        }
    }

    @Test
    @Order(4)
    void refusalsUseTheSharedErrorShape() {
        for (String op : List.of(MODEL, ACCURACY, NODES, NODE, EXPORT, STREAM, WEBHOOKS, WEBHOOK_DELIVERIES)) {
            check(op, call(anonymous, op), 401);
        }
        check(WEBHOOK_DELETE, call(anonymous, WEBHOOK_DELETE), 401);
        for (String op : List.of(PREDICT, PREDICT_NODE, INGEST, WEBHOOK_CREATE)) {
            ApiClient caller = op.equals(INGEST) ? ingester : op.equals(WEBHOOK_CREATE) ? admin : reader;
            check(op, anonymous.post(example(op), "{}"), 401);
            check(op, caller.post(example(op), "{\"horizons\":["), 400);
            // a fresh connection: the server closes this one after refusing the body unread
            check(op, app.client(op.equals(INGEST) ? ingesterKey : op.equals(WEBHOOK_CREATE) ? adminKey : readerKey)
                    .post(example(op), TOO_LARGE), 413);
            check(op, caller.send(caller.builder(example(op)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("horizons=3"))), 415);
            check(op, caller.post(example(op), "{\"horizon\":[3]}"), 422);
        }
        check(STREAM, reader.sendStreamHead(reader.builder("/v1/stream?horizons=x")), 400);
        check(STREAM, reader.sendStreamHead(reader.builder("/v1/stream?horizons=13")), 422);
        check(NODES, reader.get("/v1/nodes?limit=x"), 400);
        check(NODES, reader.get("/v1/nodes?limit=0"), 422);
        check(EXPORT, reader.get("/v1/observations?to=2012-03-05T13%3A00%3A00-08%3A00"), 400);
        check(EXPORT, reader.get(example(EXPORT) + "&nodes=nope"), 422);
        check(PREDICT, reader.post("/v1/predict", Map.of("horizons", List.of(13))), 422);
        check(INGEST, ingester.post("/v1/observations", Map.of("observations", List.of(
                Map.of("timestamp", LosLoop.time(1312).toString(), "speeds", Map.of("99", 60))))), 422);
        check(ACCURACY, reader.get("/v1/model/accuracy?from=yesterday"), 400);
        check(ACCURACY, reader.get("/v1/model/accuracy?from=2012-03-06T13%3A00%3A00-08%3A00"
                + "&to=2012-03-05T13%3A00%3A00-08%3A00"), 422);
        check(PREDICT, reader.post("/v1/predict", Map.of("as_of", LosLoop.time(100).toString())), 404);
        check(NODE, reader.get("/v1/nodes/nope"), 404);
        check(PREDICT_NODE, reader.post("/v1/nodes/nope/predict", "{}"), 404);
        check(INGEST, reader.post("/v1/observations", LosLoop.batch(1312, 1)), 403);
        for (String op : ADMIN_OPS) {
            check(op, call(ingester, op), 403);
        }
        check(WEBHOOK_CREATE, admin.post("/v1/webhooks", Map.of("url", "https://10.0.0.1/", "nodes", List.of("773869"),
                "when", Map.of("speed_below_mph", 25, "within_minutes", 30))), 422);
        check(WEBHOOK_DELETE, call(admin, WEBHOOK_DELETE), 404);
        check(WEBHOOK_DELIVERIES, call(admin, WEBHOOK_DELIVERIES), 404);
    }

    @Test
    @Order(5)
    void aClientThatAcceptsNoJsonIs406() {
        for (String op : List.of(LIVE, READY, MODEL, ACCURACY, NODES, NODE, EXPORT, STREAM, PREDICT, PREDICT_NODE, INGEST,
                WEBHOOK_CREATE, WEBHOOKS, WEBHOOK_DELIVERIES)) {
            ApiClient caller = ADMIN_OPS.contains(op) ? admin : reader;
            HttpRequest.Builder request = caller.builder(example(op)).header("Accept", "application/xml");
            check(op, caller.send(op.startsWith("GET") ? request.GET()
                    : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))), 406);
        }
    }

    @Test
    @Order(6)
    void aSpentBudgetIs429WithRetryAfter() {
        for (String op : List.of(MODEL, ACCURACY, NODES, NODE, EXPORT, STREAM, PREDICT, PREDICT_NODE, INGEST, WEBHOOK_CREATE,
                WEBHOOKS, WEBHOOK_DELETE, WEBHOOK_DELIVERIES)) {
            ApiClient tiny = app.client(app.createKey(op.equals(INGEST) ? "ingest" : ADMIN_OPS.contains(op) ? "admin" : "read", "tiny"));
            contract.check(op, call(tiny, op));
            Reply refused = check(op, call(tiny, op), 429);
            assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        }
    }

    @Test
    @Order(7)
    void anUnreachableRateLimiterThatFailsClosedIs503() throws Exception {
        Path keys = Files.createTempDirectory("contract-keys").resolve("keys.json");
        try (RedisServer redis = RedisServer.start();
                TestApp shared = TestApp.withRedis(redis, keys, with("rateLimits.failOpen", "false"))) {
            ApiClient read = shared.client(shared.createKey("read", "roomy"));
            ApiClient ingest = shared.client(shared.createKey("ingest", "roomy"));
            ApiClient administer = shared.client(shared.createKey("admin", "roomy"));
            check(MODEL, read.get("/v1/model"), 200);
            check(INGEST, ingest.post("/v1/observations", LosLoop.batch(1300, 1)), 202);
            check(WEBHOOKS, administer.get("/v1/webhooks"), 200);
            redis.kill();
            for (String op : List.of(MODEL, ACCURACY, NODES, NODE, EXPORT, STREAM, PREDICT, PREDICT_NODE, INGEST, WEBHOOK_CREATE,
                    WEBHOOKS, WEBHOOK_DELETE, WEBHOOK_DELIVERIES)) {
                check(op, call(op.equals(INGEST) ? ingest : ADMIN_OPS.contains(op) ? administer : read, op), 503);
            }
            // a key this instance has not read cannot be told from a valid one: 503, never a 401 to a valid key
            check(MODEL, shared.client("rc_aaaaaaaaaa_" + "A".repeat(43)).get("/v1/model"), 503);
            redis.restart();
        }
    }

    /** A draining server answers readiness probes 503 on connections it still holds, so balancers move away. */
    @Test
    @Order(8)
    void aDrainingServerIsNotReady() throws Exception {
        try (Draining draining = Draining.begin(app, 2)) {
            stopped = true;
            check(READY, draining.get("/health/ready"), 503);
            check(LIVE, draining.get("/health/live"), 503);
        }
    }

    @Test
    @Order(9)
    void theStatusesExercisedAreExactlyTheStatusesDocumented() {
        assertThat(contract.exercised()).isEqualTo(contract.documented());
    }

    private Reply check(String operation, Reply reply, int expected) {
        assertThat(reply.status()).as("%s: %s", operation, reply.raw().body()).isEqualTo(expected);
        return contract.check(operation, reply);
    }

    /** A valid request for the operation (the first one of a tiny key is then followed by a refused one). */
    private static Reply call(ApiClient client, String op) {
        if (op.startsWith("DELETE")) {
            return client.send(client.builder(example(op)).DELETE());
        }
        if (op.equals(STREAM)) {
            return client.sendStreamHead(client.builder(example(op)));
        }
        return op.startsWith("GET") ? client.get(example(op))
                : client.post(example(op), op.equals(INGEST) ? LosLoop.batch(1400, 1)
                        : op.equals(WEBHOOK_CREATE) ? SUBSCRIPTION : Map.of("horizons", List.of(3)));
    }

    private static String example(String op) {
        String path = op.substring(op.indexOf(' ') + 1).replace("{id}", "773869");
        return op.equals(EXPORT) ? path + EXPORT_RANGE : path;
    }

    private static String[] with(String... more) {
        return Stream.concat(Arrays.stream(SETTINGS), Arrays.stream(more)).toArray(String[]::new);
    }
}
