package com.roadcast.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With Redis persisting (append-only file, fsync always), the history and the forecasts of record
 * survive Redis being killed and restarted while no instance runs to put anything back: the window
 * serves again, past windows answer {@code as_of}, and accuracy over the replay is unchanged.
 */
@Timeout(180)
class PersistedHistoryIT {
    private static final int FROM = 1330;
    private static final int STEPS = 40;

    @Test
    void historyAndRecordsSurviveARedisRestartWithPersistence() throws Exception {
        Path keys = Files.createTempDirectory("persisted-history").resolve("keys.json");
        try (RedisServer redis = RedisServer.start(List.of("--appendonly", "yes", "--appendfsync", "always"))) {
            JsonNode before;
            String past = LosLoop.time(FROM + 15).toString();
            String pastAnswer;
            String readKey;
            String accuracy = "/v1/model/accuracy?from=" + AccuracyReplay.encoded(LosLoop.time(FROM).toString())
                    + "&to=" + AccuracyReplay.encoded(LosLoop.time(FROM + STEPS).toString());
            try (TestApp app = TestApp.withRedis(redis, keys)) {
                ApiClient ingest = app.client(app.createKey("ingest", "internal"));
                readKey = app.createKey("read", "internal");
                ApiClient read = app.client(readKey);
                for (int row = FROM; row < FROM + STEPS; row++) {
                    assertThat(ingest.post("/v1/observations", LosLoop.batch(row, 1)).status()).isEqualTo(202);
                }
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(
                        read.get(accuracy).json().at("/horizons/11/count").asLong()).isGreaterThan(207L * 10));
                before = read.get(accuracy).json();
                pastAnswer = read.post("/v1/predict", Map.of("as_of", past)).raw().body();
            }
            redis.restartFromDisk();
            try (TestApp app = TestApp.withRedis(redis, keys)) {
                ApiClient read = app.client(readKey);
                ApiClient.Reply now = read.post("/v1/predict", Map.of("horizons", List.of(12)));
                assertThat(now.status()).as(now.raw().body()).isEqualTo(200);
                assertThat(OffsetDateTime.parse(now.json().get("data_as_of").asText()).toInstant())
                        .isEqualTo(LosLoop.time(FROM + STEPS - 1).toInstant());
                assertThat(read.post("/v1/predict", Map.of("as_of", past)).raw().body()).isEqualTo(pastAnswer);
                assertThat(read.get(accuracy).json()).isEqualTo(before);
            }
        }
    }
}
