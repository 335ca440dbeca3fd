package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Answer of {@code GET /v1/webhooks/{id}/deliveries}: the most recent first. */
public record DeliveryList(@JsonProperty("deliveries") List<DeliveryView> deliveries) {}
