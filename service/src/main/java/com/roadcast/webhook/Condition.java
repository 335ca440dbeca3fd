package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** When a webhook fires: a node's forecast below {@code speedBelowMph} within {@code withinMinutes}. */
@Schema(description = "A congestion episode starts when any forecast within `within_minutes` is below `speed_below_mph`")
public record Condition(
        @Schema(description = "Threshold in mph, above 0", example = "25") @JsonProperty("speed_below_mph")
        @Nullable Double speedBelowMph,
        @Schema(description = "How far ahead to look: a positive multiple of the model's step (5), at most its "
                + "reach (12 horizons x 5 = 60)", example = "30") @JsonProperty("within_minutes")
        @Nullable Integer withinMinutes) {}
