package com.roadcast.forecast;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The forecast answer, field names as the public contract has them (written by {@link PredictResponseWriter}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "Forecasts from one inference on the current observation window.")
public record PredictResponse(
        ModelRef model,
        @Schema(description = "Time of the newest step of observations the forecasts start from", example = "2012-03-05T13:15:00-08:00")
        String dataAsOf,
        @Schema(description = "True when the answer came from the cache (see `X-Cache`)", example = "false")
        boolean cacheHit,
        @Schema(description = "How long the inference took (the original one, for a cached answer)", example = "5.575")
        double inferenceTimeMs,
        @Schema(description = "Readings of the window that were missing and imputed", minimum = "0", example = "0")
        int imputedReadings,
        @Schema(description = "One entry per node asked for, in catalog order")
        List<NodePrediction> predictions) {

    /** Which model answered. */
    @Schema(description = "The model that answered")
    public record ModelRef(
            @Schema(example = "roadcast-graph-residual") String name,
            @Schema(example = "2026.11.24-1") String version) {}

    /** One node's forecasts, in the order the horizons were asked for. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "One node's forecasts, by ascending horizon")
    public record NodePrediction(
            @Schema(example = "773869") String nodeId,
            @Schema(description = "How many of this node's input readings (the window's steps) were missing and imputed",
                    minimum = "0", example = "0") int inputsImputed,
            List<HorizonForecast> forecasts) {}

    /** One horizon: steps ahead, the same in minutes, the time it is for, and the speed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The forecast speed at one horizon")
    public record HorizonForecast(
            @Schema(description = "Steps of the model's interval ahead", minimum = "1", maximum = "12", example = "3") int horizon,
            @Schema(description = "The same in minutes: horizon x the model's interval_minutes", example = "15") int minutes,
            @Schema(description = "The time the forecast is for", example = "2012-03-05T13:30:00-08:00") String targetTime,
            @Schema(description = "Forecast speed in miles per hour", example = "64.52") double speedMph) {}
}
