package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.stream.SseClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.PerClass;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forecast stream through the shipped Nginx (TLS, edge limits) in front of two instances on one Redis:
 * events arrive as they are made (nothing buffered on the way), whichever instance the stream and the
 * ingests land on, and a reconnect with {@code Last-Event-ID} gets the missed windows, in order, first.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StreamThroughNginxIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PATH = "/v1/stream?nodes=773869&horizons=3";
    @RegisterExtension
    static final PerClass<Stack> STACK = Stack.perClass(true);

    private static Stack stack() {
        return STACK.get();
    }

    @Test
    void eventsPassUnbufferedOverTlsAndAReconnectResumesWithoutAGap() throws Exception {
        String lastId;
        try (SseClient stream = SseClient.open(stack().http, keyed(PATH))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
            assertThat(stream.response().headers().firstValue("strict-transport-security")).isPresent();
            List<SseClient.Event> seen = new ArrayList<>();
            for (int row = 1412; row < 1414; row++) {
                ingest(row);
                seen.addAll(stream.next(1, WAIT));
                assertThat(seen).as("the window of row " + row + " arrives before the next is ingested").hasSize(row - 1411);
            }
            assertThat(seen).extracting(event -> instant(event.id())).containsExactly(
                    LosLoop.time(1412).toInstant(), LosLoop.time(1413).toInstant());
            lastId = seen.get(1).id();
        }
        ingest(1414);
        ingest(1415);

        try (SseClient again = SseClient.open(stack().http, keyed(PATH).header("Last-Event-ID", lastId))) {
            assertThat(again.status()).isEqualTo(200);
            List<SseClient.Event> resumed = new ArrayList<>(again.next(2, WAIT));
            ingest(1416);
            resumed.addAll(again.next(1, WAIT));

            assertThat(resumed).extracting(event -> instant(event.id())).containsExactly(
                    LosLoop.time(1414).toInstant(), LosLoop.time(1415).toInstant(), LosLoop.time(1416).toInstant());
            assertThat(resumed).extracting(SseClient.Event::data).allSatisfy(data -> assertThat(data).contains("\"773869\""));
        }
    }

    private static void ingest(int row) throws Exception {
        HttpResponse<String> reply = stack().http.send(keyed("/v1/observations").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Stack.json(LosLoop.batch(row, 1)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
    }

    private static HttpRequest.Builder keyed(String path) {
        return HttpRequest.newBuilder(stack().https(path)).header("X-API-Key", stack().key).timeout(Duration.ofSeconds(30));
    }

    private static Instant instant(String id) {
        return OffsetDateTime.parse(id).toInstant();
    }
}
