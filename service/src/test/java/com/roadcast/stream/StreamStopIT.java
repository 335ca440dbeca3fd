package com.roadcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.TestApp;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An instance that stops ends its streams as the stop begins (their clients resume on another instance)
 * instead of holding the graceful stop for its whole grace period.
 */
@Timeout(120)
class StreamStopIT {

    @Test
    void aStoppingInstanceEndsItsStreamsAtOnce() throws Exception {
        TestApp app = TestApp.start("server.shutdownGracePeriod", "30s");
        String key = app.createKey("read", "internal");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (SseClient stream = SseClient.open(http, app.client(key).builder("/v1/stream"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.endsWithin(Duration.ofMillis(500))).as("open until the stop").isFalse();

            long stopping = System.nanoTime();
            app.stop();
            long stopSeconds = Duration.ofNanos(System.nanoTime() - stopping).toSeconds();

            assertThat(stream.endsWithin(Duration.ofSeconds(5))).as("the stream ended").isTrue();
            assertThat(stopSeconds).as("the stop did not wait out the 30 s grace period").isLessThan(20);
        }
    }
}
