package com.roadcast.observation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /v1/observations}. */
public record ObservationBatch(@JsonProperty("observations") List<Item> observations) {

    /** One step as sent: an ISO-8601 timestamp with offset and speeds by sensor id. */
    public record Item(@JsonProperty("timestamp") String timestamp, @JsonProperty("speeds") SpeedReadings speeds) {}
}
