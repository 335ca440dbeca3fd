package com.roadcast.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without Redis, a delivery still pending when the instance stops is sent after it starts again. */
@Timeout(180)
class WebhookRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aPendingDeliverySurvivesARestart() throws Exception {
        String node = LosLoop.sensors().get(0);
        try (Receiver receiver = Receiver.answering(n -> 503);
                TestApp app = TestApp.start("webhooks.allowHosts", "127.0.0.1", "webhooks.firstRetry", "300ms",
                        "webhooks.maxRetry", "300ms", "webhooks.maxAttempts", "30", "webhooks.pollEvery", "50ms",
                        "webhooks.timeout", "2s", "webhooks.lease", "5s")) {
            ApiClient admin = app.client(app.createKey("admin", "internal"));
            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            JsonNode created = admin.post("/v1/webhooks", Map.of("url", receiver.url(), "nodes", List.of(node),
                    "when", Map.of("speed_below_mph", 30, "within_minutes", 30))).json();
            String id = created.get("id").asText();
            assertThat(ingest.post("/v1/observations", Congestion.jammed(1300, 12, List.of(node))).status()).isEqualTo(202);
            Eventually.within(WAIT, () -> assertThat(receiver.received()).hasSizeGreaterThanOrEqualTo(1));

            app.stop();
            receiver.answer(n -> 200);
            int refusedBefore = receiver.received().size();
            app.startAgain();
            ApiClient again = app.client(app.createKey("admin", "internal"));
            Eventually.within(WAIT, () -> assertThat(receiver.received()).hasSize(refusedBefore + 1));
            Receiver.Received delivered = receiver.received().get(refusedBefore);
            assertThat(delivered.answered()).isEqualTo(200);
            assertThat(delivered.header("Roadcast-Event-Id")).isEqualTo(receiver.received().get(0).header("Roadcast-Event-Id"));
            assertThat(delivered.signedWith(created.get("secret").asText())).isTrue();
            Eventually.within(WAIT, () -> {
                JsonNode delivery = again.get("/v1/webhooks/" + id + "/deliveries").json().get("deliveries").get(0);
                assertThat(delivery.get("status").asText()).isEqualTo("delivered");
                assertThat(delivery.get("attempts").asInt()).isEqualTo(refusedBefore + 1);
                assertThat(delivery.get("last_error").asText()).isEqualTo("HTTP 503");
            });
            assertThat(again.get("/v1/webhooks").json().get("webhooks").get(0).get("id").asText()).isEqualTo(id);
        }
    }
}
