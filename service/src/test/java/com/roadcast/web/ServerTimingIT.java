package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every API answer says how long the application spent on it ({@code Server-Timing: app;dur=<ms>}): Jersey's
 * answers, forecasts served below Jersey and errors alike; the figure is positive and no more than the
 * client waited for the whole exchange.
 */
@Timeout(120)
class ServerTimingIT {
    private static final Pattern WELL_FORMED = Pattern.compile("app;dur=(\\d+(?:\\.\\d{1,3})?)");
    private static TestApp app;
    private static ApiClient reader;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        reader = app.client(app.createKey("read", "internal"));
        ApiClient ingester = app.client(app.createKey("ingest", "internal"));
        assertThat(ingester.post("/v1/observations", LosLoop.batch(1500, 12)).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void jerseyAnswersCarryAPlausibleServerTiming() {
        assertTimed(() -> reader.get("/v1/nodes"), 200);
        assertTimed(() -> reader.get("/v1/model"), 200);
    }

    @Test
    void forecastsOnBothPathsCarryAPlausibleServerTiming() {
        // the first request with a key goes through Jersey, the next ones (the key remembered) below it
        for (int i = 0; i < 3; i++) {
            assertTimed(() -> reader.post("/v1/predict", Map.of("horizons", List.of(3))), 200);
        }
    }

    @Test
    void errorsCarryAPlausibleServerTiming() {
        assertTimed(() -> app.client(null).get("/v1/nodes"), 401);
        assertTimed(() -> reader.post("/v1/predict", "{\"horizons\": [3], \"unknown\": 1}"), 422);
        assertTimed(() -> reader.get("/v1/nodes/no-such-node"), 404);
    }

    private static void assertTimed(Supplier<ApiClient.Reply> exchange, int status) {
        long before = System.nanoTime();
        ApiClient.Reply reply = exchange.get();
        double clientMillis = (System.nanoTime() - before) / 1_000_000.0;
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.raw().headers().allValues("Server-Timing")).hasSize(1);
        Matcher timing = WELL_FORMED.matcher(reply.header("Server-Timing"));
        assertThat(timing.matches()).as("well-formed: %s", reply.header("Server-Timing")).isTrue();
        double millis = Double.parseDouble(timing.group(1));
        assertThat(millis).isPositive().isLessThan(clientMillis);
    }
}
