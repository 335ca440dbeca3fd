package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /v1/webhooks}. */
@Schema(description = "A subscription to congestion forecasts for some nodes")
public record WebhookRequest(
        @Schema(description = "Where deliveries are POSTed: https, to a public address (see `webhooks.allowHosts`)",
                example = "https://hooks.example.org/roadcast") @JsonProperty("url") @Nullable String url,
        @ArraySchema(arraySchema = @Schema(description = "Node (sensor) ids to watch, each once"),
                schema = @Schema(example = "773869"), minItems = 1, uniqueItems = true)
        @JsonProperty("nodes") @Nullable List<String> nodes,
        @JsonProperty("when") @Nullable Condition when) {}
