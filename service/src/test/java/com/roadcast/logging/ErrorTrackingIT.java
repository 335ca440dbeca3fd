package com.roadcast.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.TestApp;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code sentry.dsn} pointing at a local HTTP endpoint that speaks Sentry's envelope protocol,
 * an error the service logs while serving a request (a history segment it cannot open: the batch is
 * refused 503) arrives there as an event at level error, tagged with that request's id, without the
 * caller's key.
 */
@Timeout(120)
class ErrorTrackingIT {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    @Test
    void anErrorWhileServingARequestReachesTheTrackerWithItsRequestId() throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer tracker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        tracker.createContext("/api/42/envelope/", exchange -> {
            events.addAll(eventsIn(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Encoding")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        tracker.start();
        String dsn = "http://publickey@127.0.0.1:" + tracker.getAddress().getPort() + "/42";
        try (TestApp app = TestApp.start("sentry.dsn", dsn, "sentry.environment", "test")) {
            String key = app.createKey("admin", "internal");
            ApiClient client = app.client(key);
            // the step's day segment cannot be opened: a directory holds its name
            Files.createDirectories(app.historyDir().resolve("2012-03-05.steps"));
            ApiClient.Reply refused = client.post("/v1/observations", Map.of("observations", List.of(
                    Map.of("timestamp", "2012-03-05T08:00:00-08:00", "speeds", Map.of("773869", 61.5)))));
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
            String requestId = refused.json().path("request_id").asText();
            assertThat(requestId).isNotBlank();

            Eventually.within(Duration.ofSeconds(30), () -> assertThat(events).anySatisfy(event -> {
                assertThat(event.path("level").asText()).isEqualTo("error");
                assertThat(event.path("environment").asText()).isEqualTo("test");
                assertThat(event.path("message").path("formatted").asText()).contains("a batch could not be written");
                assertThat(event.path("tags").path("request_id").asText()).isEqualTo(requestId);
            }));
            String secret = key.substring(key.lastIndexOf('_') + 1);
            assertThat(events.toString()).doesNotContain(secret);
        } finally {
            tracker.stop(0);
        }
    }

    /** The event items of one envelope: newline-separated JSON, an item header before each payload. */
    private static List<JsonNode> eventsIn(InputStream body, String encoding) throws IOException {
        byte[] bytes = ("gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body).readAllBytes();
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        List<JsonNode> events = new java.util.ArrayList<>();
        for (int i = 1; i + 1 < lines.size(); i += 2) {
            if ("event".equals(JSON.readTree(lines.get(i)).path("type").asText())) {
                events.add(JSON.readTree(lines.get(i + 1)));
            }
        }
        return events;
    }
}
