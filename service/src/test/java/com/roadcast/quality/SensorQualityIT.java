package com.roadcast.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sensor health through HTTP on the embedded default: before any data, then after three sensors report. */
@Timeout(120)
class SensorQualityIT {

    @Test
    void nodesAnswerEachSensorsHealthAndTheGaugeCountsThem() {
        try (TestApp app = TestApp.start()) {
            ApiClient client = app.client(app.createKey("admin", "internal"));
            ThreeSensors.Catalog catalog = ThreeSensors.Catalog.of(client);
            assertThat(client.get("/v1/nodes/" + catalog.ids().get(0)).json().path("quality").toString())
                    .as("before any data")
                    .isEqualTo("{\"status\":\"missing\",\"last_reading_at\":null,\"missing_ratio_24h\":1.0}");
            assertThat(ThreeSensors.gauge(app)).as("every status present before any data")
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("missing", (double) catalog.total(),
                            "ok", 0.0, "stale", 0.0, "stuck", 0.0));

            assertThat(client.post("/v1/observations", ThreeSensors.batch(catalog)).status()).isEqualTo(202);

            ThreeSensors.assertQuality(client, catalog);
            assertThat(ThreeSensors.gauge(app)).containsExactlyInAnyOrderEntriesOf(ThreeSensors.expectedGauge(catalog));
        }
    }
}
