package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A webhook as listed: everything but its secret. */
@Schema(description = "A webhook subscription (its secret is shown only when it is created)")
public record WebhookView(@Schema(example = "wh_3k9x2m4q7p") @JsonProperty("id") String id,
        @Schema(example = "https://hooks.example.org/roadcast") @JsonProperty("url") String url,
        @JsonProperty("nodes") List<String> nodes, @JsonProperty("when") Condition when,
        @Schema(description = "When it was created (UTC)") @JsonProperty("created_at") String createdAt) {}
