package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One event on its way to one webhook: the exact body (signed anew at each attempt), and where it stands.
 * Pending ones are due at {@code nextAttemptAt}; delivered and failed ones are kept for the listing.
 */
record Delivery(@JsonProperty("event_id") String eventId, @JsonProperty("webhook_id") String webhookId,
        @JsonProperty("node_id") String nodeId, @JsonProperty("body") String body,
        @JsonProperty("status") Status status, @JsonProperty("attempts") int attempts,
        @JsonProperty("last_error") @Nullable String lastError, @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_attempt_at") @Nullable Instant lastAttemptAt,
        @JsonProperty("next_attempt_at") @Nullable Instant nextAttemptAt) {

    enum Status {
        @JsonProperty("pending") PENDING,
        @JsonProperty("delivered") DELIVERED,
        @JsonProperty("failed") FAILED
    }

    static Delivery first(String eventId, String webhookId, String nodeId, String body, Instant now) {
        return new Delivery(eventId, webhookId, nodeId, body, Status.PENDING, 0, null, now, null, now);
    }

    Delivery delivered(Instant now) {
        return new Delivery(eventId, webhookId, nodeId, body, Status.DELIVERED, attempts + 1, lastError, createdAt, now, null);
    }

    Delivery retryAt(Instant next, String error, Instant now) {
        return new Delivery(eventId, webhookId, nodeId, body, Status.PENDING, attempts + 1, error, createdAt, now, next);
    }

    Delivery failed(String error, Instant now) {
        return new Delivery(eventId, webhookId, nodeId, body, Status.FAILED, attempts + 1, error, createdAt, now, null);
    }

    DeliveryView view() {
        return new DeliveryView(eventId, nodeId, status.name().toLowerCase(java.util.Locale.ROOT), attempts, lastError,
                createdAt.toString(), text(lastAttemptAt), text(nextAttemptAt));
    }

    private static @Nullable String text(@Nullable Instant time) {
        return time == null ? null : time.toString();
    }
}
