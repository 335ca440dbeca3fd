package com.roadcast.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Body of the predict endpoints; absent fields mean every horizon and (for /v1/predict) every node. */
@Schema(description = "What to forecast; an empty body or `{}` asks for every node at every horizon.")
public record PredictRequest(
        @ArraySchema(arraySchema = @Schema(description = "Horizons in 5-minute steps, each once; absent: 1..12"),
                schema = @Schema(minimum = "1", maximum = "12", example = "3"), minItems = 1, uniqueItems = true)
        @JsonProperty("horizons") @Nullable List<Integer> horizons,
        @ArraySchema(arraySchema = @Schema(description = "Node (sensor) ids, each once; absent: every node"),
                schema = @Schema(example = "773869"), minItems = 1, uniqueItems = true)
        @JsonProperty("nodes") @Nullable List<String> nodes) {}
