package com.roadcast.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TwoInstances;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one Redis, a receiver on 127.0.0.1 (allowed by {@code webhooks.allowHosts}): congestion is
 * made by ingesting a jammed node, and each episode reaches the receiver exactly once, signed, whichever
 * instance stored the window and however many instances poll.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final double THRESHOLD = 30;
    @RegisterExtension
    static final TwoInstances BOTH = TwoInstances.alike("webhooks.allowHosts", "127.0.0.1", "webhooks.firstRetry", "100ms",
            "webhooks.maxRetry", "300ms", "webhooks.maxAttempts", "5", "webhooks.pollEvery", "50ms",
            "webhooks.timeout", "2s", "webhooks.lease", "5s");
    private final String jammed = LosLoop.sensors().get(0);
    private final String flaky = LosLoop.sensors().get(1);
    private final String dead = LosLoop.sensors().get(2);
    private Receiver receiver;
    private ApiClient adminFirst;
    private ApiClient adminSecond;
    private ApiClient ingestFirst;
    private ApiClient ingestSecond;
    private ApiClient reader;

    @BeforeAll
    void keys() throws Exception {
        receiver = Receiver.accepting();
        adminFirst = BOTH.first().client(BOTH.first().createKey("admin", "internal"));
        adminSecond = BOTH.second().client(BOTH.second().createKey("admin", "internal"));
        ingestFirst = BOTH.first().client(BOTH.first().createKey("ingest", "internal"));
        ingestSecond = BOTH.second().client(BOTH.second().createKey("ingest", "internal"));
        reader = BOTH.second().client(BOTH.second().createKey("read", "internal"));
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    @Test
    @Order(1)
    void onlyAdminsManageWebhooksAndBadSubscriptionsAreRefusedNamingTheField() {
        assertThat(reader.post("/v1/webhooks", subscription(receiver.url(), List.of(jammed), THRESHOLD, 30)).status()).isEqualTo(403);
        assertThat(reader.get("/v1/webhooks").status()).isEqualTo(403);
        assertThat(ingestFirst.get("/v1/webhooks").status()).isEqualTo(403);
        assertRefused(subscription("https://10.0.0.1/hook", List.of(jammed), THRESHOLD, 30), "url host 10.0.0.1 resolves to 10.0.0.1, a private address");
        assertRefused(subscription("https://localhost/hook", List.of(jammed), THRESHOLD, 30), "loopback");
        assertRefused(subscription("https://169.254.169.254/latest", List.of(jammed), THRESHOLD, 30), "link-local");
        assertRefused(subscription("http://hooks.example.org/", List.of(jammed), THRESHOLD, 30), "url must use https");
        assertRefused(subscription(receiver.url(), List.of("nope"), THRESHOLD, 30), "nodes[0] 'nope' is not a known node id");
        assertRefused(subscription(receiver.url(), List.of(), THRESHOLD, 30), "nodes must list");
        assertRefused(subscription(receiver.url(), List.of(jammed), 0, 30), "when.speed_below_mph");
        assertRefused(subscription(receiver.url(), List.of(jammed), THRESHOLD, 7), "when.within_minutes must be a positive multiple of 5 up to 60");
        assertRefused(subscription(receiver.url(), List.of(jammed), THRESHOLD, 65), "when.within_minutes");
        assertRefused(Map.of("url", receiver.url(), "nodes", List.of(jammed)), "when is required");
        assertThat(adminFirst.get("/v1/webhooks").json().get("webhooks")).isEmpty();
        assertThat(adminFirst.send(adminFirst.builder("/v1/webhooks/wh_nope").DELETE()).status()).isEqualTo(404);
        assertThat(adminFirst.get("/v1/webhooks/wh_nope/deliveries").status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void eachCongestionEpisodeIsDeliveredOnceSignedWhicheverInstanceStoredIt() throws Exception {
        Reply created = adminFirst.post("/v1/webhooks", subscription(receiver.url(), List.of(jammed), THRESHOLD, 30));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        JsonNode listed = adminSecond.get("/v1/webhooks").json().get("webhooks");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).has("secret")).as("the secret is shown only once").isFalse();
        assertThat(listed.get(0).get("when").get("within_minutes").asInt()).isEqualTo(30);
        assertThat(Files.readString(BOTH.first().auditLog())).contains("\"action\":\"webhook-create\"").contains(id)
                .doesNotContain(secret);

        ingest(ingestFirst, LosLoop.batch(1300, 12), 1311);
        ingest(ingestSecond, Congestion.jammed(1312, 12, List.of(jammed, flaky, dead)), 1323);
        Eventually.within(WAIT, () -> assertThat(receiver.received()).hasSize(1));
        Receiver.Received first = receiver.received().get(0);
        assertSignedEvent(first, secret, 1323);

        ingest(ingestFirst, Congestion.jammed(1324, 1, List.of(jammed, flaky, dead)), 1324);
        ingest(ingestSecond, Congestion.jammed(1325, 1, List.of(jammed, flaky, dead)), 1325);
        ingest(ingestFirst, LosLoop.batch(1326, 12), 1337);
        assertThat(receiver.received()).as("one delivery while the episode lasted").hasSize(1);
        ingest(ingestSecond, Congestion.jammed(1338, 12, List.of(jammed)), 1349);
        Eventually.within(WAIT, () -> assertThat(receiver.received()).hasSize(2));
        Receiver.Received second = receiver.received().get(1);
        assertSignedEvent(second, secret, 1349);
        assertThat(second.header("Roadcast-Event-Id")).isNotEqualTo(first.header("Roadcast-Event-Id"));

        JsonNode deliveries = adminSecond.get("/v1/webhooks/" + id + "/deliveries").json().get("deliveries");
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).get("event_id").asText()).as("newest first").isEqualTo(second.header("Roadcast-Event-Id"));
        for (JsonNode delivery : deliveries) {
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("node_id").asText()).isEqualTo(jammed);
            assertThat(delivery.get("last_error").isNull()).isTrue();
        }
        Eventually.within(WAIT, () -> assertThat(delivered(BOTH.first().admin()) + delivered(BOTH.second().admin()))
                .as("attempts counted over both instances").isEqualTo(2.0));
        assertThat(receiver.received()).as("no instance sent an event twice").hasSize(2);
    }

    @Test
    @Order(3)
    void aReceiverFailingThreeTimesGetsTheEventAndOneNeverAnsweringIsGivenUp() throws Exception {
        try (Receiver failing = Receiver.answering(n -> n <= 3 ? 503 : 200); Receiver broken = Receiver.answering(n -> 500)) {
            String flakyId = adminFirst.post("/v1/webhooks", subscription(failing.url(), List.of(flaky), 50, 60)).json().get("id").asText();
            String brokenId = adminSecond.post("/v1/webhooks", subscription(broken.url(), List.of(dead), THRESHOLD, 15)).json().get("id").asText();
            // this model follows a jam less on some sensors: these thresholds are below what it forecasts for them
            ingest(ingestFirst, Congestion.jammed(1350, 12, List.of(jammed, flaky, dead)), 1361);
            Eventually.within(WAIT, () -> assertThat(failing.received()).hasSize(4));
            assertThat(failing.received()).extracting(r -> r.header("Roadcast-Event-Id")).as("the same event each time").containsOnly(
                    failing.received().get(0).header("Roadcast-Event-Id"));
            assertThat(failing.received()).extracting(Receiver.Received::body).containsOnly(failing.received().get(0).body());
            Eventually.within(WAIT, () -> {
                JsonNode delivery = adminFirst.get("/v1/webhooks/" + flakyId + "/deliveries").json().get("deliveries").get(0);
                assertThat(delivery.get("status").asText()).isEqualTo("delivered");
                assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
                assertThat(delivery.get("last_error").asText()).isEqualTo("HTTP 503");
            });

            Eventually.within(WAIT, () -> {
                JsonNode delivery = adminFirst.get("/v1/webhooks/" + brokenId + "/deliveries").json().get("deliveries").get(0);
                assertThat(delivery.get("status").asText()).isEqualTo("failed");
                assertThat(delivery.get("attempts").asInt()).isEqualTo(5);
                assertThat(delivery.get("next_attempt_at").isNull()).isTrue();
            });
            assertThat(broken.received()).hasSize(5);
            Eventually.within(WAIT, () -> assertThat(audit(BOTH.first().auditLog()) + audit(BOTH.second().auditLog()))
                    .contains("\"action\":\"webhook-delivery\",\"outcome\":\"failed\"").contains(brokenId));
        }
    }

    @Test
    @Order(4)
    void aDeletedWebhookIsGoneFromEveryInstance() throws Exception {
        String id = adminSecond.get("/v1/webhooks").json().get("webhooks").get(0).get("id").asText();
        assertThat(adminFirst.send(adminFirst.builder("/v1/webhooks/" + id).DELETE()).status()).isEqualTo(204);
        assertThat(adminSecond.get("/v1/webhooks").json().get("webhooks")).extracting(w -> w.get("id").asText()).doesNotContain(id);
        assertThat(adminSecond.get("/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(adminSecond.send(adminSecond.builder("/v1/webhooks/" + id).DELETE()).status()).isEqualTo(404);
        assertThat(Files.readString(BOTH.first().auditLog())).contains("\"action\":\"webhook-delete\"");
    }

    private static String audit(java.nio.file.Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertRefused(Object body, String message) {
        Reply reply = adminFirst.post("/v1/webhooks", body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(422);
        assertThat(reply.json().get("message").asText()).contains(message);
    }

    /** Ingests, then waits until the window ending at {@code lastRow} has its forecast of record. */
    private void ingest(ApiClient client, Object batch, int lastRow) {
        assertThat(client.post("/v1/observations", batch).status()).isEqualTo(202);
        Eventually.within(WAIT, () -> assertThat(reader.post("/v1/predict", Map.of("as_of", LosLoop.time(lastRow).toString(),
                "nodes", List.of(jammed), "horizons", List.of(1))).status()).isEqualTo(200));
    }

    private void assertSignedEvent(Receiver.Received delivery, String secret, int lastRow) throws Exception {
        assertThat(delivery.signedWith(secret)).as("signed with the webhook's secret: %s", delivery.header("Roadcast-Signature")).isTrue();
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
        JsonNode event = Jackson.newObjectMapper().readTree(delivery.body());
        assertThat(event.fieldNames()).toIterable().containsExactly("id", "type", "created_at", "data");
        assertThat(event.get("id").asText()).isEqualTo(delivery.header("Roadcast-Event-Id"));
        assertThat(event.get("type").asText()).isEqualTo("congestion.forecast");
        JsonNode data = event.get("data");
        assertThat(data.fieldNames()).toIterable().containsExactly("node_id", "data_as_of", "target_time", "minutes", "speed_mph", "threshold_mph");
        assertThat(data.get("node_id").asText()).isEqualTo(jammed);
        assertThat(OffsetDateTime.parse(data.get("data_as_of").asText())).isEqualTo(LosLoop.time(lastRow));
        int minutes = data.get("minutes").asInt();
        assertThat(minutes).isBetween(5, 30);
        assertThat(OffsetDateTime.parse(data.get("target_time").asText())).isEqualTo(LosLoop.time(lastRow).plusMinutes(minutes));
        assertThat(data.get("speed_mph").asDouble()).isLessThan(THRESHOLD);
        assertThat(data.get("threshold_mph").asDouble()).isEqualTo(THRESHOLD);
    }

    private static Map<String, Object> subscription(String url, List<String> nodes, double below, int within) {
        return Map.of("url", url, "nodes", nodes, "when", Map.of("speed_below_mph", below, "within_minutes", within));
    }

    private static double delivered(java.net.URI admin) {
        String metrics = new ApiClient(admin, null).get("/metrics").raw().body();
        return metrics.lines().filter(line -> line.startsWith("roadcast_webhook_deliveries_total{outcome=\"delivered\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
