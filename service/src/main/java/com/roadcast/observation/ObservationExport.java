package com.roadcast.observation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@code GET /v1/observations}, as the contract describes it and a client reads it; the
 * service writes it step by step ({@link JsonExportWriter}), never as one object.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The stored steps of a time range")
public record ObservationExport(
        @Schema(description = "The range's first step time, as asked", example = "2012-03-05T00:00:00-08:00") String from,
        @Schema(description = "The range's last step time, as asked", example = "2012-03-05T23:55:00-08:00") String to,
        @Schema(description = "Minutes between steps", example = "5") int intervalMinutes,
        @ArraySchema(arraySchema = @Schema(description = "The node ids exported, in the order asked"),
                schema = @Schema(example = "773869")) List<String> nodes,
        @Schema(description = "The stored steps in the range, oldest first") List<ExportedStep> steps) {

    /** One stored step. */
    @Schema(description = "One stored step")
    public record ExportedStep(
            @Schema(example = "2012-03-05T13:20:00-08:00") String timestamp,
            @Schema(type = "object", additionalPropertiesSchema = Speed.class,
                    description = "Speed in mph by node id, exactly as ingested (float32); null where the sensor sent none",
                    example = "{\"773869\": 64.4, \"767541\": null}")
            Map<String, Float> speeds) {}

    /** A reading as exported. */
    @Schema(type = "number", format = "float", nullable = true, description = "mph; null: no reading")
    static final class Speed {
        private Speed() {}
    }
}
