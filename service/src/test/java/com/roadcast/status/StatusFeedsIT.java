package com.roadcast.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the status page reads, over plain HTTP on the admin port: the event feed announces each new window
 * once its forecast of record is kept, refuses listeners beyond {@code status.maxListeners}, and never holds
 * up a shutdown; the views answer in the one error shape for what they cannot answer.
 */
@Timeout(120)
class StatusFeedsIT {

    @Test
    void theFeedAnnouncesEachNewWindowWithinItsBoundAndClosesOnStop() throws Exception {
        TestApp app = TestApp.start("status.maxListeners", "1");
        boolean stopped = false;
        try {
            StatusFeed feed = StatusFeed.open(app.admin());
            assertThat(feed.response().statusCode()).isEqualTo(200);
            assertThat(feed.response().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/event-stream"));
            assertThat(feed.line()).as("the feed opens with its retry delay").isEqualTo("retry: 3000");

            Reply second = app.adminClient().get("/status/events");
            assertThat(second.status()).as("a listener beyond status.maxListeners").isEqualTo(503);
            assertThat(second.json().get("code").asInt()).isEqualTo(503);
            assertThat(second.json().get("message").asText()).contains("status.maxListeners");

            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            assertThat(ingest.post("/v1/observations", LosLoop.batch(0, 12)).status()).isEqualTo(202);
            String asOf = LosLoop.time(11).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(feed.event()).containsExactly("event: window", "id: " + asOf,
                    "data: {\"data_as_of\":\"" + asOf + "\"}");

            long start = System.nanoTime();
            app.stop();
            stopped = true;
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an open feed does not hold up the stop")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(feed.endsWithin(10)).as("the feed ended with the server").isTrue();
        } finally {
            if (!stopped) {
                app.stop();
            }
        }
    }

    @Test
    void theViewsAnswerWhatTheyCanAndRefuseTheRestInTheErrorShape() {
        try (TestApp app = TestApp.start()) {
            ApiClient admin = app.adminClient();
            assertThat(admin.get("/status/api/sensor").status()).isEqualTo(400);
            Reply unknown = admin.get("/status/api/sensor?id=no-such-sensor");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("message").asText()).contains("no-such-sensor");
            assertThat(admin.get("/status/api/everything").json().get("code").asInt()).isEqualTo(404);

            String id = LosLoop.sensors().get(0);
            Reply before = admin.get("/status/api/sensor?id=" + id);
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.json().get("forecast").isNull()).as("no forecast before any data").isTrue();
            assertThat(admin.get("/status/api/summary").json().get("accuracy_note").asText()).startsWith("not yet available");

            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            assertThat(ingest.post("/v1/observations", LosLoop.batch(0, 12)).status()).isEqualTo(202);
            Eventually.within(Duration.ofSeconds(30), () ->
                    assertThat(admin.get("/status/api/sensor?id=" + id).json().get("forecast").isNull()).isFalse());
            Reply sensor = admin.get("/status/api/sensor?id=" + id);
            assertThat(sensor.json().at("/readings/speeds")).hasSize(12);
            assertThat(sensor.json().at("/readings/speeds/11").asDouble())
                    .isCloseTo(LosLoop.csv().rows().get(11)[0], within(0.01));
            assertThat(sensor.json().at("/forecast/minutes")).hasSize(12);
            assertThat(sensor.json().at("/forecast/minutes/11").asInt()).isEqualTo(60);
            assertThat(sensor.json().at("/forecast/speeds/times/0").asLong())
                    .isEqualTo(LosLoop.time(12).toEpochSecond());
            Reply served = app.client(app.createKey("read", "standard")).post("/v1/nodes/" + id + "/predict",
                    Map.of("horizons", IntStream.rangeClosed(1, 12).boxed().toList()));
            for (int h = 0; h < 12; h++) {
                assertThat(sensor.json().at("/forecast/speeds/speeds/" + h).asDouble()).as("horizon %d as the API serves it", h + 1)
                        .isEqualTo(served.json().at("/predictions/0/forecasts/" + h + "/speed_mph").asDouble());
            }
        }
    }
}
