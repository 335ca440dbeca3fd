package com.roadcast.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TwoInstances;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances sharing Redis: a status page open on one hears of a window ingested at the other, and then
 * shows that window's data and forecast of record.
 */
@Timeout(120)
class SharedStatusFeedIT {
    @RegisterExtension
    static final TwoInstances BOTH = TwoInstances.alike();

    @Test
    void aPageOnOneInstanceFollowsIngestsAtTheOther() throws Exception {
        StatusFeed feed = StatusFeed.open(BOTH.second().admin());
        assertThat(feed.line()).isEqualTo("retry: 3000");
        String key = BOTH.first().createKey("ingest", "internal");
        assertThat(BOTH.first().client(key).post("/v1/observations", LosLoop.batch(0, 12)).status()).isEqualTo(202);

        String asOf = LosLoop.time(11).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertThat(feed.event()).contains("event: window", "id: " + asOf);
        JsonNode summary = BOTH.second().adminClient().get("/status/api/summary").json();
        assertThat(summary.get("data_as_of").asText()).isEqualTo(asOf);
        assertThat(summary.at("/instance/redis").asText()).startsWith("shared");
        JsonNode sensor = BOTH.second().adminClient().get("/status/api/sensor?id=" + LosLoop.sensors().get(0)).json();
        assertThat(sensor.at("/forecast/data_as_of").asText()).as("the record the other instance kept").isEqualTo(asOf);
    }
}
