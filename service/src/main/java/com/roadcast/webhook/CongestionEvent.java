package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of a {@code congestion.forecast} delivery, fields in the documented order. */
record CongestionEvent(@JsonProperty("id") String id, @JsonProperty("type") String type,
        @JsonProperty("created_at") String createdAt, @JsonProperty("data") Data data) {
    static final String TYPE = "congestion.forecast";

    /** The first target time whose forecast is below the threshold. */
    record Data(@JsonProperty("node_id") String nodeId, @JsonProperty("data_as_of") String dataAsOf,
            @JsonProperty("target_time") String targetTime, @JsonProperty("minutes") int minutes,
            @JsonProperty("speed_mph") double speedMph, @JsonProperty("threshold_mph") double thresholdMph) {}
}
