package com.roadcast.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A sensor as the API shows it: id, position, its latest reading in the window (null if none) and its
 * health.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A sensor: its id, position, latest reading and health")
public record NodeView(
        @Schema(description = "The sensor id", example = "773869") String id,
        @Schema(example = "34.15497") double latitude,
        @Schema(example = "-118.31829") double longitude,
        @Schema(nullable = true) @Nullable Reading latest,
        Quality quality) {

    /** A stored speed and the step it belongs to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The sensor's newest stored reading in the window; null when the window has none")
    public record Reading(
            @Schema(description = "The step's time", example = "2012-03-05T13:15:00-08:00") String timestamp,
            @Schema(description = "Speed in miles per hour", example = "63.75") double speedMph) {}

    /** The sensor's health, counted back from the newest stored step (data time, not the wall clock). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "SensorQuality", description = "The sensor's health, in data time: counted back from the newest stored step, not "
            + "from the wall clock. Before any data: missing, null, 1.0")
    public record Quality(
            @Schema(description = "missing: no reading in the window (the model's input_steps newest stored steps); stale: its "
                    + "newest reading is older than quality.staleAfter (30 min) before the newest step; stuck: "
                    + "its newest readings repeat one value for quality.stuckSteps (default: an hour's worth) consecutive stored steps; "
                    + "else ok. The first that applies, in that order",
                    allowableValues = {"ok", "missing", "stuck", "stale"}, example = "ok") String status,
            @Schema(description = "The step time of its newest reading; null when none in the last 24 h",
                    nullable = true, example = "2012-03-05T13:15:00-08:00")
            @Nullable String lastReadingAt,
            @Schema(description = "Share of the expected steps (a day / the model's interval: 288 of 5 minutes) of the 24 h ending at the newest "
                    + "step without its reading (a step not stored counts as missing), rounded to 4 decimals",
                    minimum = "0", maximum = "1", example = "0.0035")
            @JsonProperty("missing_ratio_24h") double missingRatio24h) {}
}
