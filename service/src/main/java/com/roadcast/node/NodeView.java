package com.roadcast.node;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A sensor as the API shows it: id, position and its latest reading in the window (null if none). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeView(String id, double latitude, double longitude, Reading latest) {

    /** A stored speed and the step it belongs to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Reading(String timestamp, double speedMph) {}
}
