package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store that fails after the export's status was sent cannot change it: the transfer is aborted, so a
 * client reading the body gets an error instead of a short body that looks complete.
 */
@Timeout(300)
class ExportMidStreamFailureIT {
    /** 15 days of all sensors: far more JSON (about 50 MB) than the socket buffers between server and client hold. */
    private static final int DAYS = 15;

    @Test
    void aStoreFailingMidStreamAbortsTheTransfer() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestApp app = TestApp.withRedis(redis, Files.createTempDirectory("export-abort").resolve("keys.json"))) {
            ApiClient client = app.client(app.createKey("ingest", "internal"));
            for (int day = 0; day < DAYS; day++) {
                assertThat(client.post("/v1/observations", Map.of("observations", day(day))).status()).isEqualTo(202);
            }
            String range = "/v1/observations?from=" + q(LosLoop.START) + "&to=" + q(LosLoop.START.plusDays(DAYS));
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(client.builder(range).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.readNBytes(64 * 1024)).as("the export began").hasSize(64 * 1024);
                redis.kill();
                assertThatThrownBy(() -> drain(body)).as("the rest of the body").isInstanceOf(IOException.class);
            }
        }
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (body.read(buffer) >= 0) {
            // read on until the end or the abort
        }
    }

    private static List<Map<String, Object>> day(int day) {
        List<Map<String, Object>> items = new ArrayList<>(288);
        for (int step = 0; step < 288; step++) {
            Map<String, Object> speeds = new LinkedHashMap<>();
            for (int i = 0; i < LosLoop.sensors().size(); i++) {
                speeds.put(LosLoop.sensors().get(i), 40 + (step * 7 + i) % 300 / 10.0);
            }
            items.add(Map.of("timestamp", LosLoop.START.plusDays(day).plusMinutes(5L * step).toString(), "speeds", speeds));
        }
        return items;
    }

    private static String q(OffsetDateTime time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }
}
