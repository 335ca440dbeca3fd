package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of {@code POST /v1/webhooks}: the id, and the signing secret, shown this once. */
@Schema(description = "The new webhook's id and its signing secret (shown only here: keep it)")
public record WebhookCreated(@Schema(example = "wh_3k9x2m4q7p") @JsonProperty("id") String id,
        @Schema(description = "HMAC-SHA256 key of `Roadcast-Signature`", example = "whsec_q2Vt0f8mJ4yNn1Rk6sXc3Lw9Zp5Hb7Dg")
        @JsonProperty("secret") String secret) {}
