package com.roadcast.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A stored key: its public id, who it is for, and the SHA-256 of its secret. The secret itself is
 * never stored; a key is revoked by stamping {@code revokedAt}, so its history stays auditable.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, String name, String tier, Role role, String secretSha256, Instant createdAt,
        Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }

    ApiKey revoked(Instant at) {
        return new ApiKey(id, name, tier, role, secretSha256, createdAt, at);
    }
}
