package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Answer of {@code GET /v1/webhooks}. */
public record WebhookList(@JsonProperty("webhooks") List<WebhookView> webhooks) {}
