package com.roadcast.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Embedded: {@code GET /v1/model/accuracy} equals a recomputation from exactly what was served and
 * ingested during a replay of real data, the model beats persistence there, {@code as_of} answers the
 * bytes served then, and all of it survives a restart.
 */
@Timeout(300)
class LiveAccuracyIT {

    @Test
    void accuracyEqualsARecomputationFromWhatWasServed() {
        try (TestApp app = TestApp.start()) {
            ApiClient ingest = app.client(app.createKey("ingest", "internal"));
            String readKey = app.createKey("read", "internal");
            ApiClient read = app.client(readKey);
            AccuracyReplay replay = AccuracyReplay.run(ingest, List.of(read));
            replay.assertModelBeatsPersistence();
            replay.assertAccuracyMatches(read);
            replay.assertPastWindowsAnswerAsServed(read);

            app.stop();
            app.startAgain();
            ApiClient afterRestart = app.client(readKey);
            replay.assertAccuracyMatches(afterRestart);
            replay.assertPastWindowsAnswerAsServed(afterRestart);
        }
    }

    @Test
    void refusesBadRangesAndCallersWithoutAKey() {
        try (TestApp app = TestApp.start()) {
            ApiClient read = app.client(app.createKey("read", "internal"));
            String backwards = "/v1/model/accuracy?from=" + AccuracyReplay.encoded(LosLoop.time(20).toString())
                    + "&to=" + AccuracyReplay.encoded(LosLoop.time(10).toString());
            assertThat(read.get(backwards).status()).isEqualTo(422);
            ApiClient.Reply tooLong = read.get("/v1/model/accuracy?from=" + AccuracyReplay.encoded(LosLoop.time(0).toString())
                    + "&to=" + AccuracyReplay.encoded(LosLoop.time(0).plusDays(32).toString()));
            assertThat(tooLong.status()).isEqualTo(422);
            assertThat(tooLong.json().get("message").asText()).contains("31 days");
            assertThat(read.get("/v1/model/accuracy?to=soon").json().get("message").asText()).contains("to");
            ApiClient.Reply empty = read.get("/v1/model/accuracy");
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.json().at("/horizons/11/count").asLong()).isZero();
            assertThat(empty.json().at("/horizons/11/mae").isNull()).isTrue();
            assertThat(app.client(null).get("/v1/model/accuracy").status()).isEqualTo(401);
        }
    }
}
