package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A stored webhook, with the secret its deliveries are signed with (never shown after creation). */
record Subscription(@JsonProperty("id") String id, @JsonProperty("url") String url,
        @JsonProperty("nodes") List<String> nodes, @JsonProperty("speed_below_mph") double speedBelowMph,
        @JsonProperty("within_minutes") int withinMinutes, @JsonProperty("secret") String secret,
        @JsonProperty("created_at") Instant createdAt) {

    Subscription {
        nodes = List.copyOf(nodes);
    }

    WebhookView view() {
        return new WebhookView(id, url, nodes, new Condition(speedBelowMph, withinMinutes), createdAt.toString());
    }
}
