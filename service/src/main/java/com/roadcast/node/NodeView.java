package com.roadcast.node;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A sensor as the API shows it: id, position and its latest reading in the window (null if none). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A sensor: its id, position and latest reading")
public record NodeView(
        @Schema(description = "The sensor id", example = "773869") String id,
        @Schema(example = "34.15497") double latitude,
        @Schema(example = "-118.31829") double longitude,
        @Schema(nullable = true) @Nullable Reading latest) {

    /** A stored speed and the step it belongs to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The sensor's newest stored reading in the window; null when the window has none")
    public record Reading(
            @Schema(description = "The step's time", example = "2012-03-05T13:15:00-08:00") String timestamp,
            @Schema(description = "Speed in miles per hour", example = "63.75") double speedMph) {}
}
