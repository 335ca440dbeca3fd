package com.roadcast.forecast;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** The forecast answer, field names as the public contract has them (written by {@link PredictResponseSerializer}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonSerialize(using = PredictResponseSerializer.class)
public record PredictResponse(ModelRef model, String dataAsOf, boolean cacheHit, double inferenceTimeMs,
        int imputedReadings, List<NodePrediction> predictions) {

    /** Which model answered. */
    public record ModelRef(String name, String version) {}

    /** One node's forecasts, in the order the horizons were asked for. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NodePrediction(String nodeId, List<HorizonForecast> forecasts) {}

    /** One horizon: steps ahead, the same in minutes, the time it is for, and the speed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HorizonForecast(int horizon, int minutes, String targetTime, double speedMph) {}
}
