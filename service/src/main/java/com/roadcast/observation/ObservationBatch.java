package com.roadcast.observation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /v1/observations}. */
@Schema(description = "Steps of sensor readings, stored atomically: one invalid item rejects the batch")
public record ObservationBatch(
        @ArraySchema(arraySchema = @Schema(description = "1..observations.maxItems steps (default 288), each time once",
                requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1, maxItems = 288)
        @JsonProperty("observations") List<Item> observations) {

    /** One step as sent: an ISO-8601 timestamp with offset and speeds by sensor id. */
    @Schema(description = "One step on the model's grid (steps of its interval, 5 minutes for the shipped bundle)")
    public record Item(
            @Schema(description = "ISO-8601 with an offset, on the model's step grid, not in the future (beyond "
                    + "observations.maxClockSkew); historic times are fine", example = "2012-03-05T13:20:00-08:00",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @JsonProperty("timestamp") String timestamp,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            @JsonProperty("speeds") SpeedReadings speeds) {}
}
