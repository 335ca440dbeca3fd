package com.roadcast.forecast;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Body of the predict endpoints; absent fields mean every horizon and (for /v1/predict) every node. */
@Schema(description = "What to forecast; an empty body or `{}` asks for every node at every horizon.")
public record PredictRequest(
        @ArraySchema(arraySchema = @Schema(description = "Horizons in steps of the model's interval (5 minutes for the shipped bundle), each once; absent: all (1..12 there)"),
                schema = @Schema(minimum = "1", maximum = "12", example = "3"), minItems = 1, uniqueItems = true)
        @JsonProperty("horizons") @Nullable List<Integer> horizons,
        @ArraySchema(arraySchema = @Schema(description = "Node (sensor) ids, each once; absent: every node"),
                schema = @Schema(example = "773869"), minItems = 1, uniqueItems = true)
        @JsonProperty("nodes") @Nullable List<String> nodes,
        @Schema(description = "The step time of a past window: answers with the forecast of record made for it "
                + "(the speeds served then); 404 when none is kept", example = "2012-03-05T13:15:00-08:00")
        @JsonProperty("as_of") @Nullable String asOf) {

    /** Every node at every horizon, from the current window. */
    static final PredictRequest ALL = new PredictRequest(null, null, null);
}
