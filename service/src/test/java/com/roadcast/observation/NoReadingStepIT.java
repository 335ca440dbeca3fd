package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.TestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A step carrying no reading at all (only nulls, or no sensor) is refused with 422 naming it; nothing is stored. */
@Timeout(120)
class NoReadingStepIT {
    private static final String SENSOR = "773869";
    private static final Map<String, Object> VALID = Map.of("timestamp", "2012-03-05T08:00:00-08:00",
            "speeds", Map.of(SENSOR, 61.5));

    private static Map<String, Object> batchWith(Map<String, Object> speeds) {
        java.util.Map<String, Object> nulls = new java.util.HashMap<>(speeds);
        return Map.of("observations", List.of(VALID, Map.of("timestamp", "2012-03-05T08:05:00-08:00", "speeds", nulls)));
    }

    @Test
    void aStepOfNullsIsRefusedAndTheBatchIsNotStored() {
        try (TestApp app = TestApp.start()) {
            ApiClient client = app.client(app.createKey("admin", "internal"));
            java.util.Map<String, Object> onlyNulls = new java.util.HashMap<>();
            onlyNulls.put(SENSOR, null);
            onlyNulls.put("767541", null);
            for (Map<String, Object> speeds : List.of(onlyNulls, Map.<String, Object>of())) {
                ApiClient.Reply refused = client.post("/v1/observations", batchWith(speeds));
                assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
                assertThat(refused.json().path("code").asText()).isNotBlank();
                assertThat(refused.json().path("message").asText()).startsWith("observations[1].speeds");
            }

            assertThat(client.get("/v1/nodes/" + SENSOR).json().path("latest").isNull())
                    .as("nothing stored: no reading").isTrue();
            assertThat(app.adminClient().get("/metrics").raw().body())
                    .as("the window did not move").contains("roadcast_observation_window_steps 0.0");
            ApiClient.Reply alone = client.post("/v1/observations", Map.of("observations", List.of(VALID)));
            assertThat(alone.status()).as("the valid item was not stored either: " + alone.raw().body()).isEqualTo(202);
            assertThat(client.get("/v1/nodes/" + SENSOR).json().path("latest").path("timestamp").asText())
                    .isEqualTo("2012-03-05T08:00:00-08:00");
        }
    }
}
