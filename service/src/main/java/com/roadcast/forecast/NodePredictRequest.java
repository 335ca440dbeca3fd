package com.roadcast.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /v1/nodes/{id}/predict}: the node is in the path, only horizons here. */
@Schema(description = "Which horizons to forecast; an empty body or `{}` asks for all of them.")
public record NodePredictRequest(
        @ArraySchema(arraySchema = @Schema(description = "Horizons in steps of the model's interval (5 minutes for the shipped bundle), each once; absent: all (1..12 there)"),
                schema = @Schema(minimum = "1", maximum = "12", example = "3"), minItems = 1, uniqueItems = true)
        @JsonProperty("horizons") @Nullable List<Integer> horizons,
        @Schema(description = "The step time of a past window: answers with the forecast of record made for it; "
                + "404 when none is kept", example = "2012-03-05T13:15:00-08:00")
        @JsonProperty("as_of") @Nullable String asOf) {}
