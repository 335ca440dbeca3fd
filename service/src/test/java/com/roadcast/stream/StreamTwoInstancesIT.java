package com.roadcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TwoInstances;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one Redis: windows ingested on one reach streams open on the other, in order, as the
 * predict answer of that other instance for them; a stream resumed there after windows were ingested on
 * the first gets them all.
 */
@Timeout(180)
class StreamTwoInstancesIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final TwoInstances BOTH = TwoInstances.alike("stream.heartbeat", "1s");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void windowsIngestedOnOneInstanceReachStreamsOnTheOther() throws Exception {
        ApiClient ingest = BOTH.first().client(BOTH.first().createKey("ingest", "internal"));
        ApiClient reader = BOTH.second().client(BOTH.second().createKey("read", "internal"));
        String lastId;
        try (SseClient stream = SseClient.open(http, reader.builder("/v1/stream?horizons=1,12"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(ingest.post("/v1/observations", LosLoop.batch(300, 12)).status()).isEqualTo(202);
            assertThat(ingest.post("/v1/observations", LosLoop.batch(312, 1)).status()).isEqualTo(202);
            List<SseClient.Event> events = stream.next(2, WAIT);

            assertThat(events).extracting(event -> instant(event.id()))
                    .containsExactly(LosLoop.time(311).toInstant(), LosLoop.time(312).toInstant());
            ApiClient.Reply onSecond = reader.post("/v1/predict", java.util.Map.of("as_of", events.get(1).id(),
                    "horizons", List.of(1, 12)));
            assertThat(events.get(1).data()).isEqualTo(onSecond.raw().body().strip());
            lastId = events.get(1).id();
        }
        for (int row = 313; row < 316; row++) {
            assertThat(ingest.post("/v1/observations", LosLoop.batch(row, 1)).status()).isEqualTo(202);
        }

        try (SseClient resumed = SseClient.open(http, reader.builder("/v1/stream?horizons=1,12").header("Last-Event-ID", lastId))) {
            List<SseClient.Event> events = new ArrayList<>(resumed.next(3, WAIT));
            assertThat(ingest.post("/v1/observations", LosLoop.batch(316, 1)).status()).isEqualTo(202);
            events.addAll(resumed.next(1, WAIT));

            assertThat(events).extracting(event -> instant(event.id())).containsExactly(LosLoop.time(313).toInstant(),
                    LosLoop.time(314).toInstant(), LosLoop.time(315).toInstant(), LosLoop.time(316).toInstant());
        }
    }

    private static Instant instant(String id) {
        return OffsetDateTime.parse(id).toInstant();
    }
}
