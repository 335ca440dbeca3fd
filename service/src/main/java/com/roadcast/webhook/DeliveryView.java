package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One delivery as {@code GET /v1/webhooks/{id}/deliveries} lists it (times in UTC). */
@Schema(description = "One event's delivery to this webhook")
public record DeliveryView(@Schema(description = "The event's id (also `Roadcast-Event-Id`)") @JsonProperty("event_id") String eventId,
        @Schema(example = "773869") @JsonProperty("node_id") String nodeId,
        @Schema(description = "pending (more attempts to come), delivered (a 2xx answer) or failed (attempts spent)",
                allowableValues = {"pending", "delivered", "failed"}) @JsonProperty("status") String status,
        @Schema(description = "Attempts made so far") @JsonProperty("attempts") int attempts,
        @Schema(description = "Why the last failed attempt failed, e.g. `HTTP 503`; null if none failed")
        @JsonProperty("last_error") @Nullable String lastError,
        @Schema(description = "When the event was made") @JsonProperty("created_at") String createdAt,
        @Schema(description = "When it was last attempted; null before the first attempt")
        @JsonProperty("last_attempt_at") @Nullable String lastAttemptAt,
        @Schema(description = "When it is attempted next; null once delivered or failed")
        @JsonProperty("next_attempt_at") @Nullable String nextAttemptAt) {}
