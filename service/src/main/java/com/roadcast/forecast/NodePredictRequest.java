package com.roadcast.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /v1/nodes/{id}/predict}: the node is in the path, only horizons here. */
@Schema(description = "Which horizons to forecast; an empty body or `{}` asks for all of them.")
public record NodePredictRequest(
        @ArraySchema(arraySchema = @Schema(description = "Horizons in 5-minute steps, each once; absent: 1..12"),
                schema = @Schema(minimum = "1", maximum = "12", example = "3"), minItems = 1, uniqueItems = true)
        @JsonProperty("horizons") List<Integer> horizons) {}
